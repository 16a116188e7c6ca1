#include "createimage/createimage.h"

#include "createimage/errors.h"
#include "createimage/file_io.h"
#include "createimage/image_writer.h"
#include "createimage/inputs.h"
#include "createimage/kernel_image.h"
#include "createimage/layout.h"
#include "createimage/options.h"
#include "createimage/report.h"

namespace cw::image {

namespace {

// Reads and validates every input; nothing is written until all of them are known to be good.
ImageContents read_contents(const Options& options) {
  check_cmdline(options.cmdline);
  std::vector<uint8_t> bootblock = read_input(options.bootblock, "bootblock '" + options.bootblock + "'");
  check_bootblock(bootblock, options.bootblock);
  std::vector<uint8_t> stage2 = read_input(options.stage2, "stage 2 '" + options.stage2 + "'");
  check_stage2(stage2, options.stage2);
  KernelImage kernel = flatten_kernel(options.kernel, read_input(options.kernel, "kernel '" + options.kernel + "'"));
  std::vector<ProgramImage> programs = load_programs(options.programs);
  return ImageContents{std::move(bootblock), std::move(stage2), std::move(kernel), std::move(programs),
                       options.cmdline};
}

Layout plan(const ImageContents& contents, uint32_t swap_sectors) {
  std::vector<uint32_t> program_bytes;
  for (const ProgramImage& program : contents.programs) {
    program_bytes.push_back(static_cast<uint32_t>(program.bytes.size()));
  }
  return plan_layout(static_cast<uint32_t>(contents.kernel.flat.size()), program_bytes, swap_sectors);
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    const Options options = parse_options(args);
    if (options.help) {
      out << usage_text();
      return 0;
    }
    const ImageContents contents = read_contents(options);
    const Layout layout = plan(contents, options.swap_sectors);
    OutputFile file(options.output);  // removed again by its destructor unless committed
    write_image(file, layout, contents);
    file.commit();
    print_layout(out, options.output, layout, contents, options.extended);
    return 0;
  } catch (const UsageError& e) {
    err << "createimage: " << e.what() << "\nTry 'createimage --help' for usage.\n";
    return 2;
  } catch (const ImageError& e) {
    err << "createimage: error: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {  // e.g. std::bad_alloc on a huge input
    err << "createimage: error: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace cw::image

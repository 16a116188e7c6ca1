// The human-readable layout createimage prints after writing an image.
#pragma once

#include <ostream>
#include <string>

#include "createimage/image_writer.h"
#include "createimage/layout.h"

namespace cw::image {

// One line per piece: name, first sector (absolute LBA), sector count and, for the kernel and programs,
// the entry point. With `extended`, each kernel and program line is followed by its ELF segments.
void print_layout(std::ostream& out, const std::string& image_path, const Layout& layout,
                  const ImageContents& contents, bool extended);

}  // namespace cw::image

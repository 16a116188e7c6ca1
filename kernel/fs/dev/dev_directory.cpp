#include "kernel/fs/dev/dev_directory.h"

#include "kernel/fs/console_file.h"
#include "kernel/fs/dev/memory_devices.h"
#include "kernel/fs/vfs/static_directory.h"

namespace cw::fs::dev {

namespace {

Result<File*> open_terminal(const DeviceNode&, uint32_t flags) { return open_console(flags); }

StaticDirectory directory(1, device_number(FsDevice::Dev));
DeviceNode null_node(1, 3, 0666, 2, directory, open_null);
DeviceNode zero_node(1, 5, 0666, 3, directory, open_zero);
DeviceNode random_node(1, 8, 0666, 4, directory, open_random);
DeviceNode urandom_node(1, 9, 0666, 5, directory, open_random);
DeviceNode tty_node(5, 0, 0666, 6, directory, open_terminal);
DeviceNode console_node(5, 1, 0620, 7, directory, open_terminal);  // crw--w----, as Debian's

}  // namespace

FileStatus console_status() { return console_node.status(); }

Result<Node*> create_root(Node& parent) {
  directory.set_parent(&parent);
  TRY(directory.add("null", &null_node));
  TRY(directory.add("zero", &zero_node));
  TRY(directory.add("random", &random_node));
  TRY(directory.add("urandom", &urandom_node));
  TRY(directory.add("tty", &tty_node));
  TRY(directory.add("console", &console_node));
  return static_cast<Node*>(&directory);
}

}  // namespace cw::fs::dev

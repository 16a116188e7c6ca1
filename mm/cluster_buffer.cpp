#include "mm/cluster_buffer.h"

namespace cw::mm {

namespace {
ClusterBuffer write_buffer;
ClusterBuffer read_buffer;
}  // namespace

ClusterBuffer& write_cluster_buffer() { return write_buffer; }
ClusterBuffer& read_cluster_buffer() { return read_buffer; }

}  // namespace cw::mm

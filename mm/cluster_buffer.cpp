#include "mm/cluster_buffer.h"

namespace cw::mm {

namespace {
ClusterBuffer read_buffer;
}  // namespace

ClusterBuffer& read_cluster_buffer() { return read_buffer; }

}  // namespace cw::mm

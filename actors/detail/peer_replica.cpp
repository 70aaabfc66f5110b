#include "actors/detail/peer_replica.hpp"

namespace hummel::detail {

void peer_replica::reset(const node_view& view) {
  builder_.clear();
  for (const auto& x : view.processes)
    builder_.fold(std::make_shared<const process_snapshot>(x));
  view_ = builder_.build(view.version, view.node, view.built_ms);
}

delta_outcome peer_replica::apply(const node_delta& d) {
  if (!view_)
    return delta_outcome::no_view;
  if (d.from_version == d.to_version)
    return delta_outcome::keepalive;
  if (d.to_version <= view_->version)
    return delta_outcome::old;
  if (d.from_version != view_->version)
    return delta_outcome::gap;
  for (const auto& x : d.changed)
    builder_.fold(std::make_shared<const process_snapshot>(x));
  for (auto index : d.removed)
    builder_.remove(index);
  view_ = builder_.build(d.to_version, d.node, d.built_ms);
  return delta_outcome::applied;
}

} // namespace hummel::detail

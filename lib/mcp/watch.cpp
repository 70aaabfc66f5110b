// The vendor watch feed: `hummel/watch` answers the full view and keeps its
// exchange open for `notifications/hummel/delta`; `hummel/unwatch` ends it.
// Served in both eras; not a tool, so never in tools/list.

#include "mcp/detail/engine_impl.hpp"
#include "mcp/jsonrpc.hpp"

#include <vector>

namespace hummel::mcp {

using nlohmann::json;

namespace {

constexpr std::string_view watch_method_name = "hummel/watch";
constexpr std::string_view unwatch_method_name = "hummel/unwatch";
constexpr std::string_view delta_method_name = "notifications/hummel/delta";

} // namespace

bool engine::impl::watch_method(request& req) {
  bool watch = req.method == watch_method_name;
  if (!watch && req.method != unwatch_method_name)
    return false;
  auto xid = req.xid;
  const auto& node = member(req.params, "node");
  bool cluster = watch && !node.is_null();
  if (cluster && node != "*") {
    respond(xid, fail(code::invalid_params,
                      "Invalid params: node must be \"*\" (every node of the "
                      "cluster view) or left out (this node)",
                      200));
    return true;
  }
  auto snapshot = !watch    ? nullptr
                  : cluster ? be.watch_cluster_snapshot()
                            : be.watch_snapshot();
  if (watch && !snapshot)
    return false; // no watch feed here: the caller answers -32601
  auto& ex = open.at(xid);
  if (ex.parent != 0) {
    respond(xid,
            fail(code::invalid_request,
                 "Invalid Request: " + req.method + " cannot be batched", 400));
    return true;
  }
  if (!watch) {
    // Ends every watch of this engine (one connection or session).
    std::vector<exchange_id> ids;
    for (const auto& [id, x] : open)
      if (x.watch)
        ids.push_back(id);
    for (auto id : ids)
      finish(id, output{output_kind::dropped, 200, {}, false});
    reply r;
    r.result = {{"watches_ended", ids.size()}};
    respond(xid, std::move(r));
    return true;
  }
  ex.watch = true;
  ex.watch_cluster = cluster;
  const auto& v = member(*snapshot, "version");
  ex.watch_version = v.is_number_unsigned() ? v.get<uint64_t>() : 0;
  auto fn = ex.out; // the callback may close the exchange
  auto msg = make_result(ex.request_id, std::move(*snapshot));
  if (fn)
    fn(output{output_kind::notification, 200, dump(msg), false});
  return true;
}

void engine::impl::watch_delta(bool cluster, uint64_t to, const json& params) {
  std::vector<exchange_id> due;
  for (auto& [id, ex] : open)
    if (ex.watch && ex.watch_cluster == cluster && ex.watch_version < to) {
      ex.watch_version = to;
      due.push_back(id);
    }
  if (due.empty())
    return;
  auto text = dump(make_notification(delta_method_name, params));
  for (auto id : due) {
    auto i = open.find(id);
    if (i == open.end())
      continue;
    auto fn = i->second.out;
    if (fn)
      fn(output{output_kind::notification, 200, text, false});
  }
}

} // namespace hummel::mcp

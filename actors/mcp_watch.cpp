#include "actors/mcp_watch.hpp"

#include "actors/mcp_backend.hpp"
#include "actors/mcp_session.hpp"
#include "messages/status_json.hpp"

namespace hummel {

using nlohmann::json;

std::shared_ptr<json> mcp_backend::watch_snapshot() {
  auto now = now_ms();
  auto view = ctx_->cell->read();
  auto& names = self_->state.watch_names;
  names.clear();
  auto procs = json::array();
  view->processes.for_each([&](const snapshot_ptr& x) {
    if (!x)
      return;
    names[x->index] = x->name;
    procs.push_back(status_json(*x, now));
  });
  return std::make_shared<json>(json{{"version", view->version},
                                     {"node", view->node},
                                     {"time_ms", view->built_ms},
                                     {"processes", std::move(procs)}});
}

json watch_delta_params(mcp_session_state& st, const status_delta& d,
                        int64_t now_ms) {
  auto changed = json::array();
  for (const auto& x : d.changed) {
    if (!x)
      continue;
    st.watch_names[x->index] = x->name;
    changed.push_back(status_json(*x, now_ms));
  }
  auto removed = json::array();
  for (auto index : d.removed) {
    auto i = st.watch_names.find(index);
    if (i == st.watch_names.end())
      continue;
    removed.push_back(std::move(i->second));
    st.watch_names.erase(i);
  }
  return {{"from", d.from_version},        {"to", d.to_version},
          {"time_ms", d.built_ms},         {"changed", std::move(changed)},
          {"removed", std::move(removed)}, {"list_changed", d.list_changed}};
}

} // namespace hummel

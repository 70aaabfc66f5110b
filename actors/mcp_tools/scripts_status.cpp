// scripts_status: one process or all, from the view cell (no message), or
// by message from the STATUS CACHE (the benchmark's comparison path);
// filtered by `status`, with the `fields` asked for (status_item). The
// unfiltered list is rendered once per view version (render.hpp).

#include "actors/detail/clock.hpp"
#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/render.hpp"
#include "actors/mcp_tools/status_write.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "mcp/tools.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <chrono>
#include <optional>

namespace hummel::mcp_tools {

using nlohmann::json;

namespace {

std::string unknown(const std::string& name) {
  return "no process or script named '" + name + "'";
}

/// The comparison path: ask the STATUS CACHE instead of reading the cell.
void by_message(mcp_backend& be, const std::string& only, const json& args,
                mcp::tool_done done) {
  auto self = be.self();
  auto cell = be.ctx().cell;
  auto reply = [self, done, cell, only, args](std::vector<snapshot_ptr> xs) {
    auto view = cell->read();
    done(status_from(xs, only, args, detail::wall_ms(self), *view, 0));
  };
  auto fail = [done](caf::error&) { done(tool_fail("status cache timeout")); };
  constexpr auto timeout = std::chrono::seconds{5};
  if (!only.empty())
    self->request(be.ctx().cache, timeout, atom::status_v, only)
      .then([reply](snapshot_ptr& x) { reply({x}); }, fail);
  else
    self->request(be.ctx().cache, timeout, atom::status_v, atom::all_v)
      .then([reply](std::vector<snapshot_ptr>& xs) { reply(xs); }, fail);
}

/// The answer to `args` written directly from `view` (status_write.hpp),
/// or nothing when the call needs the JSON path (an unknown name, another
/// argument, a string that is not UTF-8).
std::optional<mcp::tool_outcome> written(const status_view& view, int64_t now,
                                         const json& args, bool brief,
                                         bool rows) {
  status_shape shape;
  shape.brief_text = brief;
  shape.rows = rows;
  std::string_view only;
  const json* filter = nullptr;
  bool has_fields = false;
  for (const auto& [k, v] : args.items()) {
    if (k == "name" && v.is_string()) {
      only = v.get_ref<const std::string&>();
    } else if (k == "fields" && v.is_array()) {
      has_fields = true;
      for (const auto& f : v)
        if (f.is_string())
          shape.fields |= field_bit(f.get_ref<const std::string&>());
    } else if (k == "status") {
      filter = &v;
    } else {
      return std::nullopt;
    }
  }
  if (!has_fields) {
    shape.fields = only.empty() ? list_fields() : every_field();
    shape.list_set_only = only.empty();
  }
  auto wanted = [&](const process_snapshot& x) {
    return filter == nullptr
           || mcp::status_matches(*filter, to_string(x.status));
  };
  std::vector<const process_snapshot*> xs;
  if (!only.empty()) {
    const auto* x = view.find(only);
    if (x == nullptr)
      return std::nullopt;
    if (wanted(*x))
      xs.push_back(x);
  } else {
    xs.reserve(view.size());
    view.processes.for_each([&](const snapshot_ptr& x) {
      if (x && wanted(*x))
        xs.push_back(x.get());
    });
  }
  auto out = std::make_shared<mcp::rendered_result>();
  if (!write_status(xs, shape, now, view.node, view.version,
                    now - view.built_ms, *out))
    return std::nullopt;
  mcp::tool_outcome o;
  o.rendered = std::move(out);
  return o;
}

} // namespace

mcp::tool_outcome status_from(const std::vector<snapshot_ptr>& xs,
                              const std::string& only, const json& args,
                              int64_t now, const status_view& view,
                              int64_t age_ms) {
  auto items = json::array();
  bool found = false;
  for (const auto& x : xs) {
    if (!x || (!only.empty() && x->name != only))
      continue;
    found = true;
    if (auto item = status_item(*x, now, args, only.empty()); !item.is_null())
      items.push_back(std::move(item));
  }
  if (!only.empty() && !found)
    return tool_fail(unknown(only));
  return tool_ok({{"processes", std::move(items)},
                  {"view_version", view.version},
                  {"view_age_ms", std::max<int64_t>(0, age_ms)},
                  {"node", view.node}});
}

mcp::tool_outcome status_from_view(const status_view& view, int64_t now,
                                   const json& args, bool brief, bool rows) {
  if (args.empty())
    return status_rendered(view, now);
  if (auto o = written(view, now, args, brief, rows))
    return std::move(*o);
  auto only = args.value("name", std::string{});
  std::vector<snapshot_ptr> xs;
  if (only.empty()) {
    view.processes.for_each([&](const snapshot_ptr& x) { xs.push_back(x); });
  } else if (auto* x = view.find(only); x != nullptr) {
    // One process: a non-owning pointer into the view, alive while `view`.
    xs.push_back(snapshot_ptr{snapshot_ptr{}, x});
  }
  return status_from(xs, only, args, now, view, now - view.built_ms);
}

mcp::cancel_fn scripts_status(mcp_backend& be, mcp::tool_call call) {
  auto& done = call.done;
  if (auto node = be.remote_node(call.args); !node.empty()) {
    be.remote_read(false, node, call.args, std::move(done));
    return {};
  }
  if (be.ctx().read_by_message) {
    by_message(be, call.args.value("name", std::string{}), call.args,
               std::move(done));
    return {};
  }
  auto now = be.now_ms();
  auto view = be.ctx().cell->read();
  done(status_from_view(*view, now, call.args, call.origin.brief_text,
                        call.origin.rows));
  return {};
}

} // namespace hummel::mcp_tools

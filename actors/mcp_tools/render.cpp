#include "actors/mcp_tools/render.hpp"

#include "actors/mcp_tools/status_write.hpp"
#include "logs/text.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/tools.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

namespace hummel::mcp_tools {

using nlohmann::json;

namespace {

/// A rendered answer: `head` + view_age_ms + `tail` is the structured
/// content; `text` the text content as a JSON string literal.
struct bytes_render : view_render {
  std::string head;
  std::string tail;
  std::string text;
};

/// The text content of `value` for tool `def`, as the engine writes it.
std::string text_literal(const mcp::tool_def& def, const json& value) {
  auto text = def.text != nullptr ? def.text(value) : mcp::dump(value);
  return mcp::dump(json(strip_ansi(text)));
}

/// scripts_status of every process with the list fields, view_age_ms 0:
/// written directly (status_write.hpp), or by the JSON path when a string
/// is not UTF-8. The JSON path built a tree of every item first: 74 ms at
/// 10,000 processes against 4 ms, once per view version
/// (bm_render_status_all, docs/BENCHMARKS.md).
bool write_all(const status_view& view, std::string& all, std::string& text) {
  std::vector<const process_snapshot*> xs;
  xs.reserve(view.size());
  view.processes.for_each([&](const snapshot_ptr& x) {
    if (x)
      xs.push_back(x.get());
  });
  status_shape shape;
  shape.fields = list_fields();
  shape.list_set_only = true;
  mcp::rendered_result out;
  if (!write_status(xs, shape, view.built_ms, view.node, view.version, 0, out))
    return false;
  all = std::move(out.structured);
  text = std::move(out.text);
  return true;
}

std::unique_ptr<view_render> render_status(const status_view& view) {
  auto r = std::make_unique<bytes_render>();
  std::string all;
  if (!write_all(view, all, r->text)) {
    std::vector<snapshot_ptr> xs;
    view.processes.for_each([&](const snapshot_ptr& x) { xs.push_back(x); });
    auto x = status_from(xs, {}, json::object(), view.built_ms, view, 0);
    if (!x.structured)
      return r;
    all = mcp::dump(*x.structured);
    r->text = text_literal(mcp::scripts_status_tool, *x.structured);
  }
  // Keys are sorted: ..., "view_age_ms":0, "view_version":N}. The last
  // occurrence is the top-level key (items have no such key).
  constexpr std::string_view key = R"("view_age_ms":0)";
  auto at = all.rfind(key);
  r->head = all.substr(0, at + key.size() - 1);
  r->tail = all.substr(at + key.size());
  return r;
}

std::unique_ptr<view_render> render_list(const status_view& view) {
  auto x = list_from_view(view, json::object(), false);
  auto r = std::make_unique<bytes_render>();
  if (!x.structured)
    return r;
  r->head = mcp::dump(*x.structured);
  r->text = text_literal(mcp::scripts_list_tool, *x.structured);
  return r;
}

template <class Make>
const bytes_render& cached(const render_slot& slot, const status_view& view,
                           Make make) {
  const auto* r = slot.get();
  if (r == nullptr)
    r = slot.offer(make(view));
  return static_cast<const bytes_render&>(*r);
}

} // namespace

mcp::tool_outcome status_rendered(const status_view& view, int64_t now_ms) {
  const auto& r = cached(view.status_render, view, render_status);
  auto age = std::to_string(std::max<int64_t>(0, now_ms - view.built_ms));
  auto out = std::make_shared<mcp::rendered_result>();
  out->structured.reserve(r.head.size() + age.size() + r.tail.size());
  out->structured += r.head;
  out->structured += age;
  out->structured += r.tail;
  out->text = r.text;
  mcp::tool_outcome o;
  o.rendered = std::move(out);
  return o;
}

mcp::tool_outcome rendered_once(const render_slot& slot,
                                const mcp::tool_def& def,
                                const std::function<json()>& make,
                                std::optional<int64_t> age_ms) {
  const auto* r = static_cast<const bytes_render*>(slot.get());
  if (r == nullptr) {
    auto value = make();
    auto x = std::make_unique<bytes_render>();
    x->head = mcp::dump(value);
    constexpr std::string_view key = R"("view_age_ms":0)";
    if (auto at = x->head.rfind(key); age_ms && at != std::string::npos) {
      x->tail = x->head.substr(at + key.size());
      x->head.resize(at + key.size() - 1);
    }
    x->text = text_literal(def, value);
    r = static_cast<const bytes_render*>(slot.offer(std::move(x)));
  }
  auto out = std::make_shared<mcp::rendered_result>();
  out->structured = r->head;
  if (age_ms && !r->tail.empty()) {
    out->structured += std::to_string(std::max<int64_t>(0, *age_ms));
    out->structured += r->tail;
  }
  out->text = r->text;
  mcp::tool_outcome o;
  o.rendered = std::move(out);
  return o;
}

mcp::tool_outcome list_rendered(const status_view& view) {
  const auto& r = cached(view.list_render, view, render_list);
  auto out = std::make_shared<mcp::rendered_result>();
  out->structured = r.head;
  out->text = r.text;
  mcp::tool_outcome o;
  o.rendered = std::move(out);
  return o;
}

} // namespace hummel::mcp_tools

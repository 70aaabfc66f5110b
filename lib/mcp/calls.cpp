// tools/call: validation, the backend call, progress and log notifications
// while it runs, and the wrapping of its outcome into a CallToolResult.

#include "common/prefault.hpp"
#include "logs/text.hpp"
#include "mcp/detail/engine_impl.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/protocol.hpp"
#include "mcp/tool.hpp"

#include <algorithm>

namespace hummel::mcp {

using nlohmann::json;

namespace {

reply tool_error(std::string text) {
  reply r;
  r.result = {{"content", json::array({{{"type", "text"}, {"text", text}}})},
              {"isError", true}};
  return r;
}

// "web: listening on :3000" for a log line; the JSON text for other items.
std::string progress_text(const json& item) {
  if (item.is_string())
    return item.get<std::string>();
  const auto& text = member(item, "text");
  if (!text.is_string())
    return dump(item);
  auto process = string_member(item, "process");
  return process.empty() ? text.get<std::string>()
                         : process + ": " + text.get<std::string>();
}

} // namespace

bool engine::impl::structured_output(const exchange& ex) const {
  // structuredContent and outputSchema came with 2025-06-18; the dates
  // compare as strings.
  return ex.modern || version >= std::string_view{"2025-06-18"};
}

void engine::impl::call_tool(request& req) {
  auto xid = req.xid;
  const auto& name = member(req.params, "name");
  if (!name.is_string()) {
    respond(xid, fail(code::invalid_params,
                      "Invalid params: tools/call needs params.name"));
    return;
  }
  auto tool_name = name.get<std::string>();
  const tool* entry = find_tool(cfg.tools, tool_name);
  if (entry == nullptr) {
    respond(xid, fail(code::invalid_params, "Unknown tool: " + tool_name, 200,
                      {{"name", tool_name}}));
    return;
  }
  // Moved, not copied: nothing reads the request's arguments after this.
  json args;
  if (auto i = req.params.find("arguments"); i != req.params.end())
    args = std::move(*i);
  if (args.is_null())
    args = json::object();
  call_origin origin{cfg.transport, cfg.allow_commands};
  if (auto err = prepare_arguments(*entry->def, args, origin); !err.empty()) {
    respond(xid, tool_error(std::move(err)));
    return;
  }
  auto& ex = open.at(xid);
  const auto& req_meta = member(req.params, "_meta");
  ex.brief_text = member(req_meta, meta::brief_text) == true;
  origin.brief_text = ex.brief_text;
  // Only where the rendered result goes out as written (on_done).
  ex.rows = member(req_meta, meta::rows) == true && ex.parent == 0
            && structured_output(ex);
  origin.rows = ex.rows;
  const auto& token = member(req_meta, "progressToken");
  if (is_valid_id(token))
    ex.progress_token = token;
  std::weak_ptr<impl*> weak = self;
  tool_progress progress = [weak, xid](uint64_t n, const json& item) {
    if (auto s = weak.lock())
      (*s)->on_progress(xid, n, item);
  };
  const tool_def* def = entry->def;
  tool_done done = [weak, xid, def](tool_outcome o) {
    if (auto s = weak.lock())
      (*s)->on_done(xid, *def, std::move(o));
  };
  auto cancel
    = entry->handler(be, tool_call{std::move(args), origin, std::move(progress),
                                   std::move(done), def});
  if (auto i = open.find(xid); i != open.end())
    i->second.cancel = std::move(cancel);
}

void engine::impl::on_progress(exchange_id xid, uint64_t n, const json& item) {
  try {
    auto i = open.find(xid);
    if (i == open.end())
      return;
    auto& ex = i->second;
    if (!ex.progress_token.is_null()) {
      auto p = std::max<uint64_t>(n, ex.last_progress + 1);
      ex.last_progress = p;
      json params{{"progressToken", ex.progress_token},
                  {"progress", p},
                  {"message", progress_text(item)},
                  {"_meta", {{meta::log_line, item}}}};
      emit(xid, make_notification("notifications/progress", std::move(params)));
      return;
    }
    auto lvl = string_member(item, "stream") == "stderr" ? log_level::warning
                                                         : log_level::info;
    std::optional<log_level> threshold = ex.level;
    if (ex.session_level)
      threshold = level;
    if (!threshold || lvl < *threshold)
      return;
    auto process = string_member(item, "process");
    json params{{"level", to_string(lvl)},
                {"logger", process.empty() ? "hummel" : "hummel/" + process},
                {"data", item}};
    emit(xid, make_notification("notifications/message", std::move(params)));
  } catch (...) {
    // a progress item that cannot be sent is dropped, never thrown back
  }
}

namespace {

/// The first line of a JSON string literal (quoted, escaped), quoted again:
/// what comes before its first `\n` escape.
std::string first_line_literal(std::string_view literal) {
  for (size_t i = 1; i + 1 < literal.size(); ++i) {
    if (literal[i] != '\\')
      continue;
    if (literal[i + 1] == 'n')
      return std::string{literal.substr(0, i)} + '"';
    ++i; // an escaped character, never the end of a line
  }
  return std::string{literal};
}

} // namespace

std::string engine::impl::rendered_message(const exchange& ex,
                                           const rendered_result& r) const {
  // What make_result and respond build, keys in dump's (sorted) order:
  // id, jsonrpc, result {_meta, content, resultType, structuredContent}.
  static const std::string server_meta = dump(json{
    {meta::server_info, {{"name", server_name}, {"version", server_version}}}});
  auto id = dump(ex.request_id);
  std::string s;
  reserve_prefaulted(s, r.structured.size() + r.text.size() + id.size() + 200);
  s += R"({"id":)";
  s += id;
  s += R"(,"jsonrpc":"2.0","result":{)";
  if (ex.modern) {
    s += R"("_meta":)";
    s += server_meta;
    s += ',';
  }
  s += R"("content":[{"text":)";
  if (ex.brief_text)
    s += first_line_literal(r.text);
  else
    s += r.text;
  s += R"(,"type":"text"}],)";
  if (ex.modern)
    s += R"("resultType":"complete",)";
  s += R"("structuredContent":)";
  s += r.structured;
  s += "}}";
  return s;
}

void engine::impl::on_done(exchange_id xid, const tool_def& def,
                           tool_outcome o) {
  try {
    if (open.count(xid) == 0)
      return; // cancelled or closed
    if (!o.error.empty()) {
      respond(xid, tool_error(std::move(o.error)));
      return;
    }
    if (!o.structured && o.rendered) {
      const auto& ex = open.at(xid);
      if ((!cfg.check_results || ex.rows) && ex.parent == 0
          && structured_output(ex)) {
        reply r;
        r.rendered = std::move(o.rendered);
        respond(xid, std::move(r));
        return;
      }
      o.structured
        = std::make_shared<json>(json::parse(o.rendered->structured));
    }
    if (!o.structured) {
      respond(
        xid, tool_error("internal error: " + def.name + " produced no result"));
      return;
    }
    const json& value = *o.structured;
    if (cfg.check_results) {
      if (auto err = check_result(def, value); !err.empty()) {
        respond(xid, tool_error("internal error: " + def.name
                                + " result does not match its "
                                  "outputSchema: "
                                + err));
        return;
      }
    }
    // The text is the tool's summary (the JSON for eras without
    // structuredContent); the value itself is moved, not copied, into the
    // result.
    reply r;
    r.result = json::object();
    if (!structured_output(open.at(xid))) {
      r.result["content"]
        = json::array({{{"type", "text"}, {"text", dump(value)}}});
      respond(xid, std::move(r));
      return;
    }
    auto text = def.text != nullptr ? def.text(value) : dump(value);
    json structured
      = o.structured.use_count() == 1 ? std::move(*o.structured) : value;
    if (open.at(xid).brief_text)
      text = text.substr(0, text.find('\n'));
    r.result["content"]
      = json::array({{{"type", "text"}, {"text", strip_ansi(text)}}});
    r.result["structuredContent"] = std::move(structured);
    respond(xid, std::move(r));
  } catch (const std::exception& e) {
    try {
      respond(xid, fail(code::internal_error,
                        std::string{"Internal error: "} + e.what(), 500));
    } catch (...) {
      finish(xid, output{output_kind::dropped, 500, {}, false});
    }
  }
}

} // namespace hummel::mcp

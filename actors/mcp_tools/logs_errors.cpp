// logs_errors: the error records of one process (or all), from the PROCESS
// actors, merged newest first.

#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "logs/text.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>

namespace hummel::mcp_tools {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

/// "2026-11-26T13:40:06Z" (optionally with .mmm) as epoch ms.
std::optional<int64_t> parse_iso_ms(const std::string& x) {
  std::tm tm{};
  if (std::sscanf(x.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
                  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec)
      != 6)
    return std::nullopt;
  int ms = 0;
  if (auto dot = x.find('.'); dot != std::string::npos)
    ms = std::atoi(x.substr(dot + 1, 3).c_str());
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

json opt(const std::string& x) {
  return x.empty() ? json() : json(x);
}

json opt(uint32_t x) {
  return x == 0 ? json() : json(x);
}

} // namespace

json error_json(const error_entry& e) {
  return {{"id", e.id},
          {"process", e.process},
          {"run_id", e.run},
          {"stream", e.stream},
          {"time", iso_time(e.last_ms)},
          {"first_time", iso_time(e.first_ms)},
          {"count", e.count},
          {"severity", e.severity},
          {"kind", e.kind},
          {"message", sanitize_utf8(e.message)},
          {"code", opt(e.code)},
          {"file", opt(sanitize_utf8(e.file))},
          {"line", opt(e.line)},
          {"column", opt(e.column)},
          {"lines", [&] {
             auto xs = json::array();
             for (const auto& l : e.lines)
               xs.push_back(sanitize_utf8(l));
             return xs;
           }()}};
}

void collect_errors(mcp_backend& be, std::vector<std::string> names,
                    error_query q, std::function<void(json)> done) {
  auto collected = std::make_shared<std::vector<error_entry>>();
  auto pending = std::make_shared<size_t>(names.size());
  auto finish = [collected, q, done] {
    std::stable_sort(collected->begin(), collected->end(),
                     [](const error_entry& a, const error_entry& b) {
                       return a.last_ms > b.last_ms;
                     });
    auto records = json::array();
    for (size_t i = 0; i < collected->size() && i < q.limit; ++i)
      records.push_back(error_json((*collected)[i]));
    json result{{"records", std::move(records)}};
    if (collected->size() > q.limit)
      result["truncated"] = true;
    done(std::move(result));
  };
  if (names.empty())
    return finish();
  auto one_done = [pending, finish] {
    if (--*pending == 0)
      finish();
  };
  for (const auto& n : names)
    be.with_process(
      n,
      [&be, q, collected, one_done](process_actor p) {
        be.self()
          ->request(p, 5s, atom::errors_v, q)
          .then(
            [collected, one_done](error_page& page) {
              for (auto& r : page.records)
                collected->push_back(std::move(r));
              one_done();
            },
            [one_done](caf::error&) { one_done(); });
      },
      [one_done](std::string) { one_done(); });
}

mcp::cancel_fn logs_errors(mcp_backend& be, mcp::tool_call call) {
  const auto& args = call.args;
  error_query q;
  q.limit = args.value("limit", 50u);
  q.severity = args.value("severity", std::string{});
  if (auto i = args.find("since"); i != args.end()) {
    if (i->is_number()) {
      q.since_ms = i->get<int64_t>();
    } else if (auto t = parse_iso_ms(i->get<std::string>())) {
      q.since_ms = *t;
    } else {
      call.done(tool_fail("since: not an ISO 8601 time or epoch ms"));
      return {};
    }
  }
  if (auto node = be.remote_node(args); !node.empty()) {
    be.remote_errors(node, args, std::move(call.done));
    return {};
  }
  auto name = args.value("name", std::string{});
  auto names
    = name.empty() ? be.process_names() : std::vector<std::string>{name};
  auto done = std::move(call.done);
  if (!name.empty()) {
    // An unknown name is an error, not an empty list.
    be.with_process(
      name,
      [&be, names, q, done](process_actor) {
        collect_errors(be, names, q,
                       [done](json r) { done(tool_ok(std::move(r))); });
      },
      [done](std::string why) { done(tool_fail(why)); });
    return {};
  }
  collect_errors(be, std::move(names), q,
                 [done](json r) { done(tool_ok(std::move(r))); });
  return {};
}

} // namespace hummel::mcp_tools

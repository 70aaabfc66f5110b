// logs_clear: asks the PROCESS actor of each name to clear its logs and
// error records; answers once every one has.

#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "messages/error.hpp"

#include <caf/event_based_actor.hpp>

#include <chrono>
#include <memory>

namespace hummel::mcp_tools {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

/// What the processes answered, in the order of the names.
struct clearing {
  std::vector<json> items;
  std::vector<std::string> failures;
  size_t pending = 0;
  mcp::tool_done done;

  void finish_one() {
    if (--pending != 0)
      return;
    if (!failures.empty()) {
      std::string why;
      for (const auto& f : failures)
        why += (why.empty() ? "" : "; ") + f;
      done(tool_fail(why));
      return;
    }
    done(tool_ok({{"cleared", std::move(items)}}));
  }
};

} // namespace

mcp::cancel_fn logs_clear(mcp_backend& be, mcp::tool_call call) {
  auto name = call.args.at("name").get<std::string>();
  bool errors_only = call.args.value("errors_only", false);
  auto names
    = name == "*" ? be.process_names() : std::vector<std::string>{name};
  auto st = std::make_shared<clearing>();
  st->done = std::move(call.done);
  st->items.resize(names.size());
  st->pending = names.size();
  if (names.empty()) {
    st->done(tool_ok({{"cleared", json::array()}}));
    return {};
  }
  for (size_t i = 0; i < names.size(); ++i) {
    auto n = names[i];
    be.with_process(
      n,
      [&be, st, i, n, errors_only](process_actor p) {
        be.self()
          ->request(p, 5s, atom::clear_v, errors_only)
          .then(
            [st, i, n](uint64_t lines, uint64_t bytes, uint64_t records) {
              st->items[i] = {{"name", n},
                              {"lines", lines},
                              {"bytes", bytes},
                              {"error_records", records}};
              st->finish_one();
            },
            [st, n](caf::error& err) {
              auto why = reason_of(err);
              st->failures.push_back(
                n + ": " + (why.empty() ? caf::to_string(err) : why));
              st->finish_one();
            });
      },
      [st](std::string why) {
        st->failures.push_back(std::move(why));
        st->finish_one();
      });
  }
  return {};
}

} // namespace hummel::mcp_tools

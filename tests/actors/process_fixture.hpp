#pragma once

// A PROCESS actor alone, on the test coordinator: a fake launcher, typed
// stand-ins for the STATUS CACHE and the run listener that record what the
// actor sends them, and helpers that play the reactor.

#include "actors/detail/clock.hpp"
#include "actors/process.hpp"
#include "tests/support/deterministic_fixture.hpp"
#include "tests/support/fake_launcher.hpp"

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>

#include <string>
#include <vector>

namespace hummel::test {

/// What the stand-ins heard, in order.
struct process_record {
  /// Every snapshot sent to the STATUS CACHE (`update`).
  std::vector<snapshot_ptr> snaps;
  /// Every run event sent to the listener.
  std::vector<run_event> events;
};

/// Stands in for the STATUS CACHE: records updates, answers reads empty.
inline status_cache_actor::behavior_type
cache_recorder(status_cache_actor::pointer, process_record* rec) {
  return {
    [rec](atom::update, snapshot_ptr& x) { rec->snaps.push_back(x); },
    [](atom::flush) {},
    [](atom::remove, uint32_t) {},
    [](atom::subscribe, const status_subscriber_actor&) {},
    [](atom::status, const std::string&) { return snapshot_ptr{}; },
    [](atom::status, atom::all) { return std::vector<snapshot_ptr>{}; },
    [](atom::status) { return uint64_t{0}; },
    [](atom::sync) { return uint64_t{0}; },
  };
}

/// Stands in for the SUPERVISOR: records run events.
inline run_listener_actor::behavior_type
event_recorder(run_listener_actor::pointer, process_record* rec) {
  return {
    [rec](atom::event, const run_event& ev) { rec->events.push_back(ev); },
  };
}

/// Records the lines handed to the console printer.
class recording_printer : public line_printer {
public:
  struct call {
    std::string name;
    uint8_t stream;
    std::vector<std::string> lines;
  };

  void print(const std::string& name, uint8_t stream,
             const std::vector<std::string>& lines) override {
    calls.push_back({name, stream, lines});
  }

  std::vector<call> calls;
};

/// A definition that runs `sleep 300` from "/".
inline process_def make_process_def(std::string name = "web",
                                    std::string command = "sleep 300") {
  process_def def;
  def.name = std::move(name);
  def.command = std::move(command);
  def.cwd = "/";
  return def;
}

/// One PROCESS actor under test.
class process_fixture : public deterministic_fixture {
protected:
  process_fixture() {
    ctx.launch = &launcher;
    ctx.marker_prefix = "proj/";
    ctx.base_env = {"PATH=/bin", "HUMMEL_RUN=stale"};
  }

  ~process_fixture() override {
    for (const auto& x :
         {caf::actor_cast<caf::actor>(aut), caf::actor_cast<caf::actor>(cache),
          caf::actor_cast<caf::actor>(listener)})
      if (x)
        self->send_exit(x, caf::exit_reason::user_shutdown);
    run();
  }

  /// Spawns the stand-ins and the PROCESS actor for `def`.
  void spawn(process_def def, uint32_t index = 0) {
    if (!cache)
      cache = sys.spawn(cache_recorder, &rec);
    if (!listener)
      listener = sys.spawn(event_recorder, &rec);
    aut = sys.spawn(process, std::make_shared<const process_def>(def), index,
                    &ctx, cache, listener);
    run();
  }

  /// A daemon restart: the PROCESS actor ends and a new one is spawned for
  /// `def` (it reads the log file back).
  void respawn(process_def def) {
    self->send_exit(aut, caf::exit_reason::user_shutdown);
    run();
    spawn(std::move(def));
  }

  /// Asks for a run; answers the snapshot or the error.
  caf::expected<snapshot_ptr> start(uint32_t restarts = 0) {
    return request<snapshot_ptr>(aut, atom::start_v, restarts);
  }

  /// Asks for a stop from a helper actor that keeps the (possibly late)
  /// answer in `stop_replies`; runs everything.
  void request_stop() {
    auto* out = &stop_replies;
    auto target = aut;
    // Spawned with its arguments, never without: CAF 0.17 dereferences a
    // null argument tuple for an actor spawned with none (UBSan reports it).
    sys.spawn(
      [](caf::event_based_actor* client, std::vector<snapshot_ptr>* out,
         process_actor target) {
        client->request(target, caf::infinite, atom::stop_v)
          .then([out](snapshot_ptr& x) { out->push_back(std::move(x)); });
      },
      out, target);
    run();
  }

  /// The newest child the actor launched.
  uint64_t child() {
    return launcher.last_child();
  }

  /// Plays the reactor: `lines` of `child` (default: the newest run).
  void output(std::vector<std::string> lines, uint8_t stream = 1,
              uint64_t of = 0) {
    self->send(aut, atom::output_v, of != 0 ? of : child(), stream,
               std::move(lines));
    run();
  }

  /// Plays the reactor: the run `of` (default: the newest) ended.
  void exited(int32_t code, int32_t sig = 0, bool requested = false,
              uint64_t of = 0) {
    self->send(aut, atom::exited_v, of != 0 ? of : child(), code, sig,
               requested);
    run();
  }

  /// The last snapshot sent to the STATUS CACHE.
  const process_snapshot& last() {
    EXPECT_FALSE(rec.snaps.empty());
    static const process_snapshot none;
    return rec.snaps.empty() ? none : *rec.snaps.back();
  }

  /// The statuses of every published snapshot, in order.
  std::vector<process_status> statuses() {
    std::vector<process_status> result;
    for (const auto& x : rec.snaps)
      result.push_back(x->status);
    return result;
  }

  /// The kinds of every run event, in order.
  std::vector<run_event::kind> event_kinds() {
    std::vector<run_event::kind> result;
    for (const auto& x : rec.events)
      result.push_back(x.what);
    return result;
  }

  /// Lines from the memory ring; hummel's own records (a run ended, a
  /// restart) only with `events`.
  log_page logs(log_query q = {}, bool events = false) {
    auto page = request<log_page>(aut, atom::logs_v, q);
    EXPECT_TRUE(page) << to_string(page.error());
    if (!page)
      return {};
    if (!events)
      std::erase_if(page->lines, [](const log_line& l) {
        return l.stream == log_stream::event;
      });
    return *page;
  }

  /// The texts of `page`, oldest first.
  static std::vector<std::string> texts(const log_page& page) {
    std::vector<std::string> result;
    for (const auto& x : page.lines)
      result.push_back(x.text);
    return result;
  }

  /// The actor's answer to `status`.
  snapshot_ptr status() {
    auto x = request<snapshot_ptr>(aut, atom::status_v);
    return x ? *x : nullptr;
  }

  /// The fake clock as epoch ms (what the actor reads).
  int64_t now_ms() {
    return hummel::detail::wall_ms(self.ptr());
  }

  fake_launcher launcher;
  process_context ctx;
  process_record rec;
  std::vector<snapshot_ptr> stop_replies;
  status_cache_actor cache;
  run_listener_actor listener;
  process_actor aut;
};

} // namespace hummel::test

// `hummel run NAME --wait [-- CMD ARGS...]`: start the run, print its
// output as it comes (stdout lines to stdout, stderr lines to stderr), and
// end with the run's exit code (128 + n for a signal). Ctrl-C stops the run
// and ends with 130.
//
// One connection carries two calls in flight: `scripts_run` with `wait`
// (answered when the run ends) and `logs_stream` with `follow` (answered
// with the new lines, re-issued from its cursor), so nothing polls.

#include "logs/text.hpp"
#include "main/cli/commands.hpp"

#include <csignal>
#include <cstdio>

namespace hummel::cli {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_interrupt(int) {
  interrupted = 1;
}

/// Prints the lines of one run as the process wrote them.
struct run_printer {
  bool color = false;
  uint32_t run_id = 0; // 0 until known: lines of newer runs only
  uint64_t printed = 0;

  void emit(const json& line) {
    auto seq = line.value("seq", uint64_t{0});
    if (seq <= printed)
      return;
    printed = seq;
    if (run_id != 0 && line.value("run_id", uint32_t{0}) != run_id)
      return;
    if (line.value("stream", std::string{}) == "hummel")
      return; // hummel's own record of the run's end: the exit code says it
    auto text = line.value("text", std::string{});
    if (!color)
      text = strip_ansi(text);
    text += '\n';
    auto* out
      = line.value("stream", std::string{}) == "stderr" ? stderr : stdout;
    std::fwrite(text.data(), 1, text.size(), out);
    std::fflush(out);
  }
};

/// The exit code a shell would give for how the run ended.
int exit_code_of(const json& r) {
  if (r.contains("exit_code") && r["exit_code"].is_number_integer())
    return r["exit_code"].get<int>();
  if (r.contains("signal") && r["signal"].is_number_integer())
    return 128 + r["signal"].get<int>();
  return exit_failed;
}

} // namespace

int run_run_wait(const context& ctx, const std::string& name,
                 const std::vector<std::string>& command) {
  session s;
  if (auto rc = connect(ctx, s))
    return *rc;
  run_printer printer{ctx.color};
  // Lines written before this run are not ours: start after the newest.
  auto newest = s.call("logs_stream", json{{"name", name}, {"limit", 1}});
  if (newest.exit == exit_ok)
    printer.printed = newest.structured.value("next_seq", uint64_t{0});
  struct sigaction sa {};
  sa.sa_handler = on_interrupt; // no SA_RESTART: the read wakes up
  sigemptyset(&sa.sa_mask);
  struct sigaction old_int {};
  ::sigaction(SIGINT, &sa, &old_int);
  auto run_args = run_arguments(ctx, name, command);
  run_args["wait"] = true;
  run_args["timeout_ms"] = 86'400'000; // the tool's maximum: a day
  call_result err;
  auto run_id = s.send("scripts_run", run_args, false, err);
  if (!run_id)
    return report(err);
  std::optional<int64_t> follow_id;
  auto follow = [&] {
    json a{{"name", name},
           {"since_seq", printer.printed},
           {"follow", true},
           {"timeout_ms", 30000},
           {"limit", 10000}};
    call_result ignored;
    follow_id = s.send("logs_stream", std::move(a), true, ignored);
  };
  follow();
  auto on_progress = [&](int64_t, const json& line) { printer.emit(line); };
  bool stop_sent = false;
  for (;;) {
    if (interrupted && !stop_sent) {
      call_result ignored;
      s.send("scripts_stop", json{{"name", name}}, false, ignored);
      stop_sent = true;
    }
    auto ev = s.next_response(on_progress, 200ms);
    if (ev.timed_out) {
      if (!follow_id)
        follow();
      continue;
    }
    if (ev.id == 0) {
      ::sigaction(SIGINT, &old_int, nullptr);
      return report(ev.result);
    }
    if (follow_id && ev.id == *follow_id) {
      follow_id.reset();
      if (ev.result.exit != exit_ok)
        continue; // an ad-hoc name is known once the run is on: retry soon
      for (const auto& l : ev.result.structured.value("lines", json::array()))
        printer.emit(l);
      follow();
      continue;
    }
    if (ev.id != *run_id)
      continue; // the stop's answer
    ::sigaction(SIGINT, &old_int, nullptr);
    if (ev.result.exit != exit_ok)
      return report(ev.result);
    const auto& r = ev.result.structured;
    printer.run_id = r.value("run_id", uint32_t{0});
    // The lines written after the last follow answer.
    auto rest = s.call(
      "logs_stream",
      json{{"name", name}, {"since_seq", printer.printed}, {"limit", 10000}});
    for (const auto& l : rest.structured.value("lines", json::array()))
      printer.emit(l);
    if (interrupted)
      return 130;
    if (r.value("timed_out", false)) {
      print_error(name + " is still running (gave up waiting)");
      return exit_failed;
    }
    return exit_code_of(r);
  }
}

} // namespace hummel::cli

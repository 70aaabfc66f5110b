// hummel_ui_bench: the CPU one change costs `hummel ui` with 1,600 rows
// (issue 14, acceptance 3: <= 5 ms): a delta applied to the table, the
// frame composed (the order recomputed, 120x30) and drawn by ncursesw into
// a terminal on a file (only the changed cells are written out).
//
//   build/bench/hummel_ui_bench [--benchmark_min_time=2]

#include "main/cli/ui/model.hpp"
#include "main/cli/ui/screen.hpp"
#include "main/cli/ui/view.hpp"

#include <benchmark/benchmark.h>

#include <sys/stat.h>

#include <clocale>
#include <cstdio>
#include <string>

namespace {

using nlohmann::json;
using namespace hummel::ui;

constexpr int64_t now = 1795687260000;

json item(int i, bool running, double cpu) {
  char name[32];
  std::snprintf(name, sizeof(name), "node%02d-proc%03d", i / 100, i % 100);
  return json{
    {"name", name},
    {"status", running ? "running" : "stopped"},
    {"pid", running ? json(1000 + i) : json()},
    {"ready", running},
    {"restarts", i % 7},
    {"cpu_percent", cpu},
    {"rss_bytes", (10 + i % 50) * 1024 * 1024},
    {"urls", json::array({"http://localhost:" + std::to_string(3000 + i)})},
    {"error_count", i % 13 == 0 ? 2 : 0},
    {"start_time", "2026-11-26T10:00:00.000Z"}};
}

struct fixture {
  table t;
  log_buffer log;
  ui_state ui;
  std::unique_ptr<terminal> term;
  FILE* out = nullptr;
  FILE* in = nullptr;
  uint64_t version = 1;

  explicit fixture(column sort) {
    std::setlocale(LC_ALL, "C.UTF-8");
    json procs = json::array();
    for (int i = 0; i < 1600; ++i)
      procs.push_back(item(i, true, (i % 97) / 10.0));
    t.load_snapshot(json{{"version", version}, {"processes", procs}});
    t.sort_by(sort, sort != column::name);
    t.move_selection(800);
    log.reset(t.selected()->name);
    for (uint64_t s = 1; s <= 200; ++s)
      log.add(json{{"seq", s},
                   {"time", "2026-11-26T10:00:00.000Z"},
                   {"stream", s % 5 == 0 ? "stderr" : "stdout"},
                   {"text", "a log line of a typical length, number "
                              + std::to_string(s)}});
    // A file, not /dev/null: its size is what curses wrote.
    out = std::tmpfile();
    in = std::fopen("/dev/null", "r");
    std::string error;
    term = terminal::open(out, in, "xterm-256color", error);
    if (!term)
      std::fprintf(stderr, "no terminal: %s\n", error.c_str());
    term->resize_to(30, 120);
    term->draw(frame_now());
  }

  ~fixture() {
    term.reset();
    std::fclose(out);
    std::fclose(in);
  }

  frame frame_now() {
    frame_input fi;
    fi.width = 120;
    fi.height = 30;
    fi.now_ms = now;
    fi.project = "/home/me/project";
    return compose(t, log, ui, fi);
  }

  /// One change: process `i` stops or starts, its CPU moves.
  void change(int i) {
    bool running = (version % 2) == 0;
    json d{{"from", version},
           {"to", version + 1},
           {"time_ms", now},
           {"changed", {item(i, running, (version % 50) / 3.0)}},
           {"removed", json::array()},
           {"list_changed", false}};
    ++version;
    t.apply_delta(d);
    term->draw(frame_now());
  }
};

/// Bytes curses has written so far.
long written(FILE* out) {
  std::fflush(out);
  struct stat st {};
  return ::fstat(fileno(out), &st) == 0 ? static_cast<long>(st.st_size) : 0;
}

/// A change to a row on screen (the selected one), sorted by name; also
/// the bytes sent to the terminal per change (only the changed cells).
void BM_ui_change_visible_row(benchmark::State& state) {
  fixture f{column::name};
  auto sel = 800;
  auto before = written(f.out);
  for (auto _ : state)
    f.change(sel);
  state.counters["bytes_per_change"]
    = static_cast<double>(written(f.out) - before)
      / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ui_change_visible_row)->Unit(benchmark::kMicrosecond);

/// A change anywhere, sorted by CPU (the order is recomputed each time).
void BM_ui_change_any_row_sorted_by_cpu(benchmark::State& state) {
  fixture f{column::cpu};
  int i = 0;
  for (auto _ : state) {
    f.change(i);
    i = (i + 37) % 1600;
  }
}
BENCHMARK(BM_ui_change_any_row_sorted_by_cpu)->Unit(benchmark::kMicrosecond);

/// A snapshot of 1,600 rows loaded and drawn (a resync).
void BM_ui_snapshot_1600(benchmark::State& state) {
  fixture f{column::name};
  json procs = json::array();
  for (int i = 0; i < 1600; ++i)
    procs.push_back(item(i, i % 3 != 0, 1.0));
  json snap{{"version", 1}, {"processes", procs}};
  for (auto _ : state) {
    f.t.load_snapshot(snap);
    f.term->draw(f.frame_now());
  }
}
BENCHMARK(BM_ui_snapshot_1600)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();

// The error detector's cost per line on a dev-server-like stream: mostly
// ordinary lines (requests, rebuilds, hot updates), one error group in
// about every 500 lines; and on `seq`'s short lines (the 1 M lines case).

#include <benchmark/benchmark.h>

#include "errors/detector.hpp"

#include <string>
#include <variant>
#include <vector>

namespace {

const std::vector<std::string>& dev_server_lines() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> v;
    constexpr size_t count = 200'000;
    v.reserve(count);
    for (size_t i = 0; v.size() < count; ++i) {
      auto n = std::to_string(i);
      v.push_back("[12:00:0" + std::to_string(i % 10) + "] GET /api/items/" + n
                  + " 200 3ms");
      v.push_back("  ➜  Local:   http://localhost:5173/");
      v.push_back("12:00:01 [vite] hmr update /src/components/List" + n
                  + ".tsx");
      v.push_back("webpack 5.88.2 compiled successfully in " + n + " ms");
      v.push_back(R"({"level":"info","msg":"request done","status":200})");
      if (i % 100 == 99) {
        v.push_back("TypeError: Cannot read properties of undefined");
        v.push_back("    at handler (/srv/app/src/routes.js:42:17)");
        v.push_back("    at processTicksAndRejections "
                    "(node:internal/process/task_queues:95:5)");
      }
    }
    return v;
  }();
  return lines;
}

/// Feeds `lines` to a detector with the built-in matchers, once per
/// iteration; reports ns/line and the groups found.
void detect_all(benchmark::State& state,
                const std::vector<std::string>& lines) {
  auto rules = std::get<std::shared_ptr<const hummel::errors::rule_set>>(
    hummel::errors::rule_set::with_builtin());
  size_t found = 0;
  for (auto _ : state) {
    hummel::errors::detector d{rules};
    std::vector<hummel::errors::group> out;
    uint64_t seq = 0;
    for (const auto& l : lines)
      d.feed(l, ++seq, 0, out);
    d.finish(out);
    found = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations())
                          * static_cast<int64_t>(lines.size()));
  state.counters["ns/line"]
    = benchmark::Counter(static_cast<double>(lines.size()),
                         benchmark::Counter::kIsIterationInvariantRate
                           | benchmark::Counter::kInvert);
  state.counters["groups"] = static_cast<double>(found);
}

void bm_errors_detect_dev_server(benchmark::State& state) {
  detect_all(state, dev_server_lines());
}
BENCHMARK(bm_errors_detect_dev_server)->Unit(benchmark::kMillisecond);

/// The 1 M lines case of the side-by-side suite: `seq`'s short lines.
void bm_errors_detect_short_lines(benchmark::State& state) {
  std::vector<std::string> lines;
  for (size_t i = 1; i <= 200'000; ++i)
    lines.push_back(std::to_string(i));
  detect_all(state, lines);
}
BENCHMARK(bm_errors_detect_short_lines)->Unit(benchmark::kMillisecond);

} // namespace

// The hummel executable: the CLI over CLI11. `daemon` and `monitor` are
// handed to hummel-daemon (same folder) with the same arguments, so the
// CLI's own start-up loads no CAF, OpenSSL or reactor code.

#include "common/loader_tables.hpp"
#include "common/paths.hpp"
#include "main/cli/app.hpp"

#include <CLI/CLI.hpp>

#include <malloc.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (auto handoff = hummel::cli::daemon_handoff({argv + 1, argv + argc})) {
    auto exe = hummel::self_dir() / "hummel-daemon";
    std::vector<char*> args{argv[0]};
    for (auto& a : *handoff)
      args.push_back(a.data());
    args.push_back(nullptr);
    // Every symbol bound before main (LD_BIND_NOW): nothing reads the
    // loader's tables after start-up, and the daemon hands their pages back
    // (common/loader_tables.hpp). The marker tells it to take both out of
    // its environment again, so its children inherit neither.
    if (std::getenv("LD_BIND_NOW") == nullptr) {
      ::setenv("LD_BIND_NOW", "1", 1);
      ::setenv(hummel::bind_now_marker, "1", 1);
    }
    execv(exe.c_str(), args.data());
    std::fprintf(stderr, "hummel: cannot run %s: %s\n", exe.c_str(),
                 std::strerror(errno));
    return 1;
  }
  // Big allocations (a reply of thousands of processes, its rows, the
  // table) from the heap instead of one mmap each, and freed memory kept
  // for the next: every fresh page is a fault, and on a VM a fault is tens
  // of µs (`hummel ps` of 5,000: 1,874 faults and 34 ms of CPU before, see
  // docs/BENCHMARKS.md). The process is short-lived; nothing is returned.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  CLI::App app{"hummel: a process supervisor for developers and their AI "
               "assistants"};
  app.require_subcommand(1);
  // Listed for --help; run by hummel-daemon (see above).
  app.add_subcommand("daemon", "Run the project's processes in the foreground "
                               "(hummel daemon --help)");
  app.add_subcommand("monitor", "Run a cluster node with no processes of its "
                                "own, only peers (hummel monitor --help)");
  app.add_subcommand("hub", "One MCP endpoint for every project of this user "
                            "(hummel hub --help; hummel mcp --hub)");
  hummel::cli::commands client{app};
  auto named = hummel::cli::name_ad_hoc_run({argv, argv + argc});
  std::vector<char*> args;
  for (auto& a : named)
    args.push_back(a.data());
  if (auto rc
      = hummel::cli::parse(app, static_cast<int>(args.size()), args.data()))
    return *rc;
  if (auto rc = client.run())
    return *rc;
  return 2;
}

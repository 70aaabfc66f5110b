#pragma once

// A launcher that starts nothing: it records what PROCESS actors ask for,
// and the test plays the reactor by sending started/output/exited.

#include "actors/launcher.hpp"

#include <caf/actor.hpp>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace hummel::test {

/// Records spawns and stops; fails spawns of argv[0] == "missing". With
/// `queue`, answers launcher::spawn_queued as the daemon's launcher does:
/// the test then sends `started` with a pid or with an error.
class fake_launcher : public launcher {
public:
  struct stop_call {
    uint64_t child;
    int signal;
    std::chrono::milliseconds grace;
  };

  std::variant<int, std::string> spawn(launch_request req,
                                       const caf::actor& owner) override {
    std::lock_guard<std::mutex> guard{mtx};
    auto last = req.argv.empty() ? std::string{} : req.argv.back();
    if (last == "missing")
      return std::string{"command not found: missing"};
    spawns.push_back(req);
    owners[req.child] = owner;
    if (queue)
      return spawn_queued;
    return next_pid++;
  }

  void stop(uint64_t child, int signal,
            std::chrono::milliseconds grace) override {
    std::lock_guard<std::mutex> guard{mtx};
    stops.push_back({child, signal, grace});
  }

  /// Children spawned for the process at `index` (in order).
  std::vector<uint64_t> children_of(uint32_t index) {
    std::lock_guard<std::mutex> guard{mtx};
    std::vector<uint64_t> result;
    for (const auto& s : spawns)
      if ((s.child >> 32) == index)
        result.push_back(s.child);
    return result;
  }

  /// The newest spawned child of any process, or 0.
  uint64_t last_child() {
    std::lock_guard<std::mutex> guard{mtx};
    return spawns.empty() ? 0 : spawns.back().child;
  }

  /// Stop calls made for `child` (in order).
  std::vector<stop_call> stops_of(uint64_t child) {
    std::lock_guard<std::mutex> guard{mtx};
    std::vector<stop_call> result;
    for (const auto& s : stops)
      if (s.child == child)
        result.push_back(s);
    return result;
  }

  std::mutex mtx;
  std::vector<launch_request> spawns;
  std::vector<stop_call> stops;
  std::map<uint64_t, caf::actor> owners;
  int next_pid = 1000;
  bool queue = false;
};

} // namespace hummel::test

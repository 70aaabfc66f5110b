#pragma once

// How the local hub finds this user's daemons: every daemon writes a
// runtime file (<runtime dir>/<project-id>.json, 0600) once its listeners
// are open and removes it when it stops. The discovery thread watches that
// folder with inotify (a new, replaced or removed file is seen at once) and
// rescans it every second as a backstop. A file counts when its pid is
// alive with the recorded start time and it names a hub link; a daemon
// that died without cleaning up (kill -9) keeps its file, which the
// discovery removes once the process has been gone for `forget_after`.
//
// Thread safety: the callbacks run on the discovery thread; `projects()`
// may be called from any thread (one mutex).

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hummel {

/// One daemon the hub found.
struct found_project {
  /// Its name in the hub: the folder's name (made unique with "-2", …).
  std::string name;
  std::filesystem::path folder;
  /// The runtime file.
  std::filesystem::path file;
  /// Where the hub links to it, and the credential its commands carry.
  std::string link;
  std::string credential;
  /// Its MCP socket and URL ("" when HTTP is off).
  std::string socket;
  std::string url;
  pid_t pid = 0;
  uint64_t start_ticks = 0;
  /// The process is gone (its file is still there).
  bool dead = false;
};

/// Watches the runtime folder for daemons.
class project_discovery {
public:
  struct callbacks {
    /// A daemon appeared, or its file now names another process.
    std::function<void(const found_project&)> added;
    /// A daemon's file is gone (it stopped, or was cleaned after it died).
    std::function<void(const found_project&)> removed;
  };

  /// Starts the thread; `skip` is a file name the hub writes itself.
  project_discovery(std::filesystem::path dir, std::string skip, callbacks cb,
                    std::chrono::milliseconds forget_after
                    = std::chrono::seconds{10});
  /// Stops the thread.
  ~project_discovery();

  project_discovery(const project_discovery&) = delete;
  project_discovery& operator=(const project_discovery&) = delete;

  /// The daemons known now, by name.
  std::vector<found_project> projects() const;

private:
  void run();
  void scan();
  std::string unique_name(const std::filesystem::path& folder) const;

  std::filesystem::path dir_;
  std::string skip_;
  callbacks cb_;
  std::chrono::milliseconds forget_after_;
  int inotify_ = -1;
  int wake_ = -1; // eventfd: stop
  mutable std::mutex mtx_;
  /// By runtime file name.
  std::map<std::string, found_project> known_;
  /// When each dead daemon was first seen dead.
  std::map<std::string, std::chrono::steady_clock::time_point> dead_since_;
  std::thread thread_;
};

} // namespace hummel

#include "main/daemon/hub/discovery.hpp"

#include "common/log.hpp"
#include "common/proc_stat.hpp"

#include <nlohmann/json.hpp>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <fstream>
#include <set>

namespace hummel {

namespace fs = std::filesystem;

namespace {

/// The project a runtime file describes, or nullopt (unreadable, invalid,
/// or written by a daemon without a hub link).
std::optional<found_project> read_file(const fs::path& file) {
  std::ifstream in{file};
  if (!in)
    return std::nullopt;
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object() || !j.contains("hub_socket") || !j.contains("pid"))
    return std::nullopt;
  found_project p;
  p.file = file;
  p.folder = j.value("dir", std::string{});
  p.link = j.value("hub_socket", std::string{});
  p.credential = j.value("hub_credential", std::string{});
  p.socket = j.value("socket", std::string{});
  if (auto u = j.find("http"); u != j.end() && u->is_string())
    p.url = u->get<std::string>();
  p.pid = j.value("pid", 0);
  p.start_ticks = j.value("start_time", uint64_t{0});
  if (p.link.empty() || p.pid <= 0)
    return std::nullopt;
  return p;
}

/// Whether the process that wrote `p` still runs.
bool alive(const found_project& p) {
  auto st = read_proc_stat(p.pid);
  return st && st->state != 'Z' && st->start_ticks == p.start_ticks;
}

} // namespace

project_discovery::project_discovery(fs::path dir, std::string skip,
                                     callbacks cb,
                                     std::chrono::milliseconds forget_after)
  : dir_(std::move(dir)),
    skip_(std::move(skip)),
    cb_(std::move(cb)),
    forget_after_(forget_after) {
  inotify_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_ < 0
      || ::inotify_add_watch(inotify_, dir_.c_str(),
                             IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM
                               | IN_DELETE | IN_CREATE)
           < 0)
    HUMMEL_LOG_WARN(daemon,
                    "hub: cannot watch {} with inotify; checking every "
                    "second only",
                    dir_.string());
  wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  thread_ = std::thread{[this] { run(); }};
}

project_discovery::~project_discovery() {
  uint64_t one = 1;
  if (::write(wake_, &one, sizeof(one)) < 0) {
    // the thread ends at its next check anyway
  }
  if (thread_.joinable())
    thread_.join();
  if (inotify_ >= 0)
    ::close(inotify_);
  ::close(wake_);
}

std::vector<found_project> project_discovery::projects() const {
  std::lock_guard guard{mtx_};
  std::vector<found_project> out;
  for (const auto& [file, p] : known_)
    out.push_back(p);
  return out;
}

void project_discovery::run() {
  scan();
  pollfd fds[2] = {{wake_, POLLIN, 0}, {inotify_, POLLIN, 0}};
  for (;;) {
    int n = ::poll(fds, inotify_ >= 0 ? 2 : 1, 1000);
    if (n > 0 && (fds[0].revents & POLLIN) != 0)
      return;
    if (n > 0 && inotify_ >= 0 && (fds[1].revents & POLLIN) != 0) {
      alignas(inotify_event) char buf[16 * 1024];
      while (::read(inotify_, buf, sizeof(buf)) > 0) {
        // drain; the scan below reads the folder as it is now
      }
    }
    scan();
  }
}

std::string project_discovery::unique_name(const fs::path& folder) const {
  auto base = folder.filename().string();
  if (base.empty())
    base = "project";
  std::set<std::string> taken;
  for (const auto& [file, p] : known_)
    taken.insert(p.name);
  auto name = base;
  for (int i = 2; taken.count(name) != 0; ++i)
    name = base + "-" + std::to_string(i);
  return name;
}

void project_discovery::scan() {
  std::map<std::string, found_project> now;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator{dir_, ec}) {
    auto file = entry.path().filename().string();
    if (entry.path().extension() != ".json" || file == skip_)
      continue;
    if (auto p = read_file(entry.path()))
      now.emplace(file, std::move(*p));
  }
  std::vector<found_project> added;
  std::vector<found_project> removed;
  {
    std::lock_guard guard{mtx_};
    for (auto i = known_.begin(); i != known_.end();) {
      auto j = now.find(i->first);
      bool same = j != now.end() && j->second.pid == i->second.pid
                  && j->second.start_ticks == i->second.start_ticks;
      if (same) {
        ++i;
        continue;
      }
      removed.push_back(i->second);
      dead_since_.erase(i->first);
      i = known_.erase(i);
    }
    for (auto& [file, p] : now) {
      auto k = known_.find(file);
      if (k == known_.end()) {
        if (!alive(p))
          continue; // a leftover of a daemon that died before we started
        p.name = unique_name(p.folder);
        added.push_back(p);
        known_.emplace(file, p);
        continue;
      }
      auto& known = k->second;
      known.dead = !alive(known);
      if (!known.dead) {
        dead_since_.erase(file);
        continue;
      }
      auto since
        = dead_since_.try_emplace(file, std::chrono::steady_clock::now())
            .first->second;
      if (std::chrono::steady_clock::now() - since >= forget_after_) {
        // Gone for good: clean its file, as its daemon would have.
        fs::remove(known.file, ec);
        removed.push_back(known);
        dead_since_.erase(file);
        known_.erase(k);
      }
    }
  }
  for (const auto& p : removed)
    if (cb_.removed)
      cb_.removed(p);
  for (const auto& p : added)
    if (cb_.added)
      cb_.added(p);
}

} // namespace hummel

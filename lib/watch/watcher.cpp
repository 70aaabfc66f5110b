#include "watch/watcher.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <set>

namespace hummel::watch {

namespace fs = std::filesystem;

/// One watched process: its spec and compiled globs.
struct watcher::entry {
  watch_spec spec;
  path_filter filter;
  /// Already told the sink that watching is incomplete.
  bool failed = false;
};

namespace {

/// `p` relative to `base` ("" for base itself), or nullopt if outside.
std::optional<std::string> relative_to(const fs::path& p,
                                       const fs::path& base) {
  const auto& a = p.native();
  const auto& b = base.native();
  if (a == b)
    return std::string{};
  bool slash = !b.empty() && b.back() == '/';
  if (a.size() > b.size() && a.compare(0, b.size(), b) == 0
      && (slash || a[b.size()] == '/'))
    return a.substr(b.size() + (slash ? 0 : 1));
  return std::nullopt;
}

fs::path without_trailing_slash(fs::path p) {
  auto s = p.lexically_normal().native();
  while (s.size() > 1 && s.back() == '/')
    s.pop_back();
  return s;
}

/// Whether to watch (and walk) folder `p` for `e`.
descend_fn descend_for(const path_filter& filter, const fs::path& cwd) {
  return [&filter, &cwd](const fs::path& p) {
    auto rel = relative_to(p, cwd);
    return rel && filter.descends(*rel);
  };
}

} // namespace

watcher::watcher(watch_sink& sink, add_watch_fn add)
  : sink_(sink), add_(std::move(add)) {
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  thread_ = std::thread{[this] { run(); }};
}

watcher::~watcher() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    stop_ = true;
  }
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof(one));
  thread_.join();
  ::close(wake_fd_);
}

void watcher::configure(std::vector<watch_spec> specs) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    pending_ = std::move(specs);
  }
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof(one));
}

size_t watcher::watch_count() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return watch_count_;
}

void watcher::run() {
  for (;;) {
    std::optional<std::vector<watch_spec>> specs;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      if (stop_)
        return;
      specs.swap(pending_);
    }
    if (specs)
      apply(std::move(*specs));
    pollfd fds[2]
      = {{wake_fd_, POLLIN, 0}, {tree_ ? tree_->fd() : -1, POLLIN, 0}};
    int timeout = -1;
    if (auto due = debounce_.next_due()) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(
        *due - clock_type::now());
      timeout = static_cast<int>(std::max<int64_t>(0, left.count()));
    }
    ::poll(fds, 2, timeout);
    if ((fds[0].revents & POLLIN) != 0) {
      uint64_t value = 0;
      [[maybe_unused]] auto n = ::read(wake_fd_, &value, sizeof(value));
    }
    if (tree_ && (fds[1].revents & POLLIN) != 0) {
      auto now = clock_type::now();
      for (const auto& ev : tree_->read_events())
        on_event(ev, now);
    }
    for (const auto& b : debounce_.take_due(clock_type::now()))
      sink_.changed(b.key, reason_of(b));
  }
}

void watcher::apply(std::vector<watch_spec> specs) {
  std::set<std::string> had_failed;
  for (const auto& e : entries_)
    if (e.failed)
      had_failed.insert(e.spec.name);
  debounce_.clear();
  entries_.clear();
  tree_.reset();
  for (auto& spec : specs) {
    if (spec.patterns.empty())
      continue;
    auto filter = path_filter::make(spec.patterns, spec.ignore);
    if (auto* why = std::get_if<std::string>(&filter)) {
      sink_.failed(spec.name, *why);
      continue;
    }
    spec.cwd = without_trailing_slash(spec.cwd);
    entries_.push_back({std::move(spec), std::get<path_filter>(filter)});
  }
  if (!entries_.empty())
    tree_ = std::make_unique<inotify_tree>(add_);
  for (auto& e : entries_) {
    auto why = tree_->add_tree(e.spec.cwd, descend_for(e.filter, e.spec.cwd));
    if (why) {
      e.failed = true;
      sink_.failed(e.spec.name, *why);
    } else if (had_failed.count(e.spec.name) != 0) {
      sink_.failed(e.spec.name, ""); // works again
    }
  }
  std::lock_guard<std::mutex> guard{mtx_};
  watch_count_ = tree_ ? tree_->watch_count() : 0;
}

void watcher::on_event(const fs_event& ev, clock_type::time_point now) {
  if (ev.overflow) {
    for (const auto& e : entries_)
      debounce_.note_overflow(e.spec.name, now, e.spec.debounce);
    rescan();
    return;
  }
  if (ev.new_dir)
    on_new_dir(ev.path, now);
  note(ev.path, now);
}

void watcher::on_new_dir(const fs::path& dir, clock_type::time_point now) {
  std::vector<fs::path> found;
  for (auto& e : entries_) {
    auto rel = relative_to(dir, e.spec.cwd);
    if (!rel || !e.filter.descends(*rel))
      continue;
    // Files written before the watch existed count as changes.
    auto why = tree_->add_tree(dir, descend_for(e.filter, e.spec.cwd), &found);
    if (why && !e.failed) {
      e.failed = true;
      sink_.failed(e.spec.name, *why);
    }
  }
  for (const auto& f : found)
    note(f, now);
}

void watcher::note(const fs::path& path, clock_type::time_point now) {
  for (const auto& e : entries_) {
    auto rel = relative_to(path, e.spec.cwd);
    if (rel && e.filter.wants(*rel))
      debounce_.note(e.spec.name, *rel, now, e.spec.debounce);
  }
}

void watcher::rescan() {
  for (auto& e : entries_) {
    auto why = tree_->add_tree(e.spec.cwd, descend_for(e.filter, e.spec.cwd));
    if (why && !e.failed) {
      e.failed = true;
      sink_.failed(e.spec.name, *why);
    }
  }
}

} // namespace hummel::watch

#include "watch/inotify_tree.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace hummel::watch {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t watch_mask = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE
                                | IN_ATTRIB | IN_DELETE | IN_MOVED_FROM
                                | IN_MOVED_TO | IN_DELETE_SELF | IN_ONLYDIR
                                | IN_DONT_FOLLOW | IN_EXCL_UNLINK;

/// The first line of `file`, or "?" if it cannot be read.
std::string first_line(const char* file) {
  std::ifstream in{file};
  std::string line;
  if (!in || !std::getline(in, line))
    return "?";
  return line;
}

/// True if `x` is `dir` or lies below it.
bool is_within(const fs::path& x, const fs::path& dir) {
  const auto& a = x.native();
  const auto& b = dir.native();
  return a.size() >= b.size() && a.compare(0, b.size(), b) == 0
         && (a.size() == b.size() || a[b.size()] == '/');
}

} // namespace

std::string watch_error_text(const fs::path& dir, int err) {
  if (err == ENOSPC)
    return "cannot watch " + dir.string()
           + ": the kernel's inotify watch limit is reached "
             "(/proc/sys/fs/inotify/max_user_watches = "
           + first_line("/proc/sys/fs/inotify/max_user_watches")
           + "); changes there are not seen. Raise it with `sudo sysctl "
             "fs.inotify.max_user_watches=524288` (to keep it, put "
             "fs.inotify.max_user_watches=524288 into "
             "/etc/sysctl.d/90-inotify.conf), or add big folders to "
             "watch_ignore";
  return "cannot watch " + dir.string() + ": " + std::strerror(err);
}

std::string init_error_text(int err) {
  if (err == EMFILE)
    return "cannot start file watching: the kernel's inotify instance limit "
           "is reached (/proc/sys/fs/inotify/max_user_instances = "
           + first_line("/proc/sys/fs/inotify/max_user_instances")
           + "). Raise it with `sudo sysctl "
             "fs.inotify.max_user_instances=1024`";
  return std::string{"cannot start file watching: inotify_init1: "}
         + std::strerror(err);
}

inotify_tree::inotify_tree(add_watch_fn add) : add_(std::move(add)) {
  if (!add_)
    add_ = [](int fd, const std::string& path, uint32_t mask) {
      return ::inotify_add_watch(fd, path.c_str(), mask);
    };
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0)
    init_error_ = init_error_text(errno);
}

inotify_tree::~inotify_tree() {
  if (fd_ >= 0)
    ::close(fd_);
}

bool inotify_tree::add_one(const fs::path& dir, std::string& error) {
  int wd = add_(fd_, dir.string(), watch_mask);
  if (wd >= 0) {
    dirs_[wd] = dir;
    return true;
  }
  int err = errno;
  // Out of watches (ENOSPC) or kernel memory: every further add fails too.
  if (err == ENOSPC || err == ENOMEM)
    error = watch_error_text(dir, err);
  return false;
}

std::optional<std::string>
inotify_tree::add_tree(const fs::path& dir, const descend_fn& descend,
                       std::vector<fs::path>* found) {
  if (fd_ < 0)
    return init_error_;
  std::vector<fs::path> todo{dir};
  std::string error;
  while (!todo.empty()) {
    auto next = std::move(todo.back());
    todo.pop_back();
    if (!add_one(next, error)) {
      if (!error.empty())
        return error;
      continue; // vanished, not a folder, or not readable
    }
    std::error_code ec;
    for (fs::directory_iterator it{next, ec}, end; !ec && it != end;
         it.increment(ec)) {
      std::error_code sec;
      auto st = it->symlink_status(sec);
      if (sec)
        continue;
      if (fs::is_directory(st)) {
        if (descend(it->path()))
          todo.push_back(it->path());
      } else if (found != nullptr) {
        found->push_back(it->path());
      }
    }
  }
  return std::nullopt;
}

void inotify_tree::forget_below(const fs::path& dir) {
  for (auto it = dirs_.begin(); it != dirs_.end();) {
    if (is_within(it->second, dir)) {
      ::inotify_rm_watch(fd_, it->first);
      it = dirs_.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<fs_event> inotify_tree::read_events() {
  std::vector<fs_event> out;
  if (fd_ < 0)
    return out;
  alignas(inotify_event) char buf[64 * 1024];
  for (;;) {
    auto n = ::read(fd_, buf, sizeof(buf));
    if (n <= 0)
      break; // EAGAIN: drained
    for (ssize_t off = 0; off < n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
      off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
      if ((ev->mask & IN_Q_OVERFLOW) != 0) {
        out.push_back({{}, false, false, true});
        continue;
      }
      auto at = dirs_.find(ev->wd);
      if (at == dirs_.end())
        continue;
      if ((ev->mask & IN_IGNORED) != 0) {
        dirs_.erase(at);
        continue;
      }
      if (ev->len == 0 || ev->name[0] == '\0')
        continue; // the folder itself (deleted: IN_IGNORED follows)
      fs_event x;
      x.path = at->second / ev->name;
      x.is_dir = (ev->mask & IN_ISDIR) != 0;
      x.new_dir = x.is_dir && (ev->mask & (IN_CREATE | IN_MOVED_TO)) != 0;
      if (x.is_dir && (ev->mask & (IN_MOVED_FROM | IN_DELETE)) != 0)
        forget_below(x.path);
      out.push_back(std::move(x));
    }
  }
  return out;
}

} // namespace hummel::watch

#include "net/line_server.hpp"

#include "common/log.hpp"
#include "net/http_checks.hpp"
#include "net/io_pool.hpp"
#include "net/line_session.hpp"
#include "net/runtime_dir.hpp"
#include "net/unix_socket.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hummel::net {

using namespace detail;
using boost::system::error_code;

namespace {

/// Checks the peer of an accepted connection: this process's uid or root
/// pass (their credentials are returned); anyone else gets one JSON-RPC
/// error line and a shutdown (the caller drops the socket), and nullopt.
/// Unknown credentials (no SO_PEERCRED) pass with none.
std::optional<std::optional<peer_credentials>> admit_peer(int fd) {
  auto r = unix_peer_credentials(fd);
  if (!r.creds)
    return std::optional<peer_credentials>{};
  auto me = static_cast<uint32_t>(::geteuid());
  if (r.creds->uid == me || r.creds->uid == 0)
    return std::optional<peer_credentials>{r.creds};
  HUMMEL_LOG_WARN(net, "line server: refused uid {} (pid {}): not the owner",
                  r.creds->uid, r.creds->pid.value_or(0));
  auto line = R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,)"
              R"("message":"forbidden: this daemon belongs to uid )"
              + std::to_string(me) + R"("}})" + "\n";
  (void)::send(fd, line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_RDWR);
  return std::nullopt;
}

} // namespace

struct line_server::impl {
  line_core core; // declared first: sessions outlive the io_context
  std::filesystem::path path;
  asio::io_context ioc;
  asio::local::stream_protocol::acceptor acceptor{ioc};
  asio::steady_timer retry_timer{ioc};
  asio::steady_timer trim_timer{ioc}; // one io thread: no strand needed
  io_pool pool;
  spare_fd spare;
  bool running = false;
  dev_t dev = 0;
  ino_t ino = 0;

  std::optional<std::string> clear_stale();
  std::optional<std::string> bind_and_listen();
  void accept();
  void on_accept(error_code ec, unix_socket socket);
  bool on_accept_error(error_code ec);
  std::optional<std::string> admit(int fd);
  void trim_later();
  std::vector<std::shared_ptr<line_session>> live_sessions();
};

std::optional<std::string> line_server::impl::clear_stale() {
  auto name = path.string();
  struct stat st {};
  if (::lstat(name.c_str(), &st) != 0) {
    if (errno == ENOENT)
      return std::nullopt;
    return "cannot inspect " + name + ": " + std::strerror(errno);
  }
  if (!S_ISSOCK(st.st_mode))
    return "refusing to replace " + name + ": it is not a socket";
  auto probe = connect_unix(path, std::chrono::milliseconds(1000));
  if (probe.fd >= 0) {
    ::close(probe.fd);
    return "another daemon is running (" + name + " accepts connections)";
  }
  if (probe.err == EAGAIN)
    return "another daemon is running (" + name + " is busy)";
  if (probe.err != ECONNREFUSED)
    return "cannot check " + name + ": " + std::strerror(probe.err);
  if (::unlink(name.c_str()) != 0 && errno != ENOENT)
    return "cannot remove the stale socket " + name + ": "
           + std::strerror(errno);
  HUMMEL_LOG_INFO(net, "line server: removed the stale socket {}", name);
  return std::nullopt;
}

std::optional<std::string> line_server::impl::bind_and_listen() {
  auto name = path.string();
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return "cannot create a socket: " + std::string{std::strerror(errno)};
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, name.c_str(), name.size() + 1);
  // The umask makes the file 0600 from the start; the chmod below repeats
  // it in case another thread changed the umask meanwhile.
  auto old_mask = ::umask(0177);
  int rc = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  int bind_err = errno;
  ::umask(old_mask);
  if (rc != 0) {
    ::close(fd);
    if (bind_err == EADDRINUSE)
      return "another daemon is running (" + name + " was just created)";
    return "cannot bind " + name + ": " + std::strerror(bind_err);
  }
  struct stat st {};
  if (::chmod(name.c_str(), 0600) != 0 || ::lstat(name.c_str(), &st) != 0
      || ::listen(fd, SOMAXCONN) != 0) {
    auto err = std::string{std::strerror(errno)};
    ::close(fd);
    ::unlink(name.c_str());
    return "cannot listen on " + name + ": " + err;
  }
  dev = st.st_dev;
  ino = st.st_ino;
  error_code ec;
  acceptor.assign(asio::local::stream_protocol{}, fd, ec);
  if (ec) {
    ::close(fd);
    ::unlink(name.c_str());
    return "cannot listen on " + name + ": " + ec.message();
  }
  return std::nullopt;
}

namespace {

std::string refusal_line(const std::string& why) {
  return json_rpc_error_body(why, -32000) + "\n";
}

} // namespace

void line_server::impl::accept() {
  acceptor.async_accept(asio::make_strand(ioc),
                        [this](error_code ec, unix_socket socket) {
                          on_accept(ec, std::move(socket));
                        });
}

void line_server::impl::on_accept(error_code ec, unix_socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor.is_open())
    return;
  if (ec) {
    if (on_accept_error(ec))
      accept();
    return;
  }
  int fd = socket.native_handle();
  int flags = ::fcntl(fd, F_GETFD);
  if (flags >= 0)
    ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
  if (auto why = admit(fd)) {
    core.refused.fetch_add(1);
    HUMMEL_LOG_WARN(net, "line server: refusing a connection: {}", *why);
    write_now(fd, refusal_line(*why));
    error_code ignored;
    socket.shutdown(unix_socket::shutdown_both, ignored);
    socket.close(ignored);
    return accept();
  }
  auto peer = admit_peer(fd);
  if (!peer)
    return accept(); // refused and shut down by admit_peer
  auto s = std::make_shared<line_session>(std::move(socket), core);
  s->peer = *peer;
  {
    std::lock_guard guard{core.mu};
    core.conns.emplace(s.get(), s);
  }
  s->start();
  accept();
}

bool line_server::impl::on_accept_error(error_code ec) {
  if (ec == asio::error::no_descriptors || ec.value() == ENFILE) {
    // Out of descriptors: free the spare one to take the waiting client
    // off the backlog and refuse it, instead of retrying in vain.
    static const auto line = refusal_line("too many open descriptors");
    if (spare.refuse_one(acceptor.native_handle(),
                         [](int fd) { write_now(fd, line); })) {
      core.refused.fetch_add(1);
      HUMMEL_LOG_WARN(net, "line server: out of descriptors; refused a "
                           "connection");
      return true;
    }
  }
  HUMMEL_LOG_WARN(net, "line server: accept failed: {}", ec.message());
  retry_timer.expires_after(std::chrono::milliseconds(100));
  retry_timer.async_wait([this](error_code ec) {
    if (!ec && acceptor.is_open())
      accept();
  });
  return false;
}

std::optional<std::string> line_server::impl::admit(int fd) {
  // Half the HTTP reserve: the CLI still gets in when HTTP is refused.
  if (in_fd_reserve(fd, core.limits.fd_reserve / 2))
    return "too many open descriptors";
  std::lock_guard guard{core.mu};
  if (core.conns.size() >= core.limits.max_connections)
    return "too many open connections (at most "
           + std::to_string(core.limits.max_connections) + ")";
  return std::nullopt;
}

void line_server::impl::trim_later() {
  // Once connections have gone, give their buffers' pages back (every 2 s).
  trim_timer.expires_after(std::chrono::seconds(2));
  trim_timer.async_wait([this](error_code ec) {
    if (ec)
      return;
    if (core.closed_some.exchange(false))
      trim_heap();
    trim_later();
  });
}

std::vector<std::shared_ptr<line_session>> line_server::impl::live_sessions() {
  std::vector<std::shared_ptr<line_session>> out;
  std::lock_guard guard{core.mu};
  for (auto& [key, weak] : core.conns)
    if (auto s = weak.lock())
      out.push_back(std::move(s));
  return out;
}

line_server::line_server(std::filesystem::path socket, line_handler& handler,
                         size_t max_line, client_limits limits)
  : impl_(std::make_unique<impl>()) {
  impl_->path = std::move(socket);
  impl_->core.handler = &handler;
  impl_->core.max_line = max_line > 0 ? max_line : 1;
  impl_->core.budget = budget_of(limits);
  impl_->core.limits = std::move(limits);
}

line_server::~line_server() {
  stop();
}

std::optional<std::string> line_server::start() {
  auto& d = *impl_;
  if (d.running)
    return "the line server on " + d.path.string() + " is already running";
  if (!fits_sun_path(d.path))
    return "the socket path " + d.path.string() + " is too long (at most "
           + std::to_string(sizeof(sockaddr_un::sun_path) - 1) + " bytes)";
  if (!d.path.has_parent_path() || !d.path.has_filename())
    return "invalid socket path " + d.path.string();
  if (auto err = ensure_private_dir(d.path.parent_path()))
    return err;
  if (auto err = d.clear_stale())
    return err;
  if (auto err = d.bind_and_listen())
    return err;
  d.running = true;
  d.ioc.restart();
  d.accept();
  d.trim_later();
  d.pool.start(d.ioc, 1, "hummel-unix");
  return std::nullopt;
}

void line_server::stop() {
  auto& d = *impl_;
  if (!d.running)
    return;
  if (d.pool.on_pool_thread()) {
    HUMMEL_LOG_ERROR(net,
                     "line server: stop() called from its io thread; ignored");
    return;
  }
  d.running = false;
  asio::post(d.ioc, [&d] {
    error_code ignored;
    d.acceptor.close(ignored);
    d.retry_timer.cancel();
    d.trim_timer.cancel();
  });
  for (auto& s : d.live_sessions())
    asio::post(s->executor(), [s] { s->close(); });
  {
    std::unique_lock lock{d.core.mu};
    d.core.changed.wait_for(lock, std::chrono::seconds(2),
                            [&] { return d.core.conns.empty(); });
  }
  d.ioc.stop();
  d.pool.join();
  error_code ignored;
  d.acceptor.close(ignored);
  d.retry_timer.cancel();
  d.trim_timer.cancel();
  for (auto& s : d.live_sessions())
    s->close();
  d.ioc.restart();
  d.ioc.poll();
  // Remove the socket file unless someone replaced it meanwhile.
  struct stat st {};
  auto name = d.path.string();
  if (::lstat(name.c_str(), &st) == 0 && st.st_dev == d.dev
      && st.st_ino == d.ino)
    ::unlink(name.c_str());
}

size_t line_server::open_connections() const {
  std::lock_guard guard{impl_->core.mu};
  return impl_->core.conns.size();
}

const output_budget& line_server::budget() const {
  return *impl_->core.budget;
}

size_t line_server::refused() const {
  return impl_->core.refused.load();
}

const std::filesystem::path& line_server::path() const {
  return impl_->path;
}

} // namespace hummel::net

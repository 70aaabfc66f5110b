#include "net/http_server.hpp"

#include "common/log.hpp"
#include "net/http_checks.hpp"
#include "net/http_connection.hpp"
#include "net/io_pool.hpp"
#include "net/peer_cred.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <fcntl.h>

#include <memory>
#include <vector>

namespace hummel::net {

namespace {

using namespace detail;

void set_cloexec(int fd) {
  int flags = ::fcntl(fd, F_GETFD);
  if (flags >= 0)
    ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

std::string lower_first(std::string s) {
  if (!s.empty())
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

/// Who is behind an accepted connection: loopback or not, and for loopback
/// peers the uid the kernel names (only when `o.owner_uid` asks for it).
peer_identity identify_peer(int fd, const http_options& o) {
  peer_identity id;
  if (!o.owner_uid)
    return id;
  sockaddr_storage peer{};
  socklen_t len = sizeof(peer);
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0)
    return id;
  id.loopback = is_loopback(peer);
  if (!id.loopback)
    return id;
  auto r = tcp_peer_credentials(fd);
  if (r.creds)
    id.uid = r.creds->uid;
  else
    HUMMEL_LOG_WARN(net, "http: the uid of a loopback peer is unknown: {}",
                    r.error);
  return id;
}

} // namespace

struct http_server::impl {
  http_core core; // declared first: connections outlive the io_context
  /// The first io thread's context: the acceptor, the timers, and its
  /// share of the connections. No concurrency hint of 1, though one thread
  /// runs each context: with it, the io thread's own posts go to a private
  /// queue that a post from another thread can overtake (a stream's first
  /// event arrived before its start and was dropped); without it, posts
  /// run in the order they were made, as on the strand before.
  asio::io_context ioc;
  /// One more context per further io thread (see `context_for_next`).
  std::vector<std::unique_ptr<asio::io_context>> more;
  /// Keep the further contexts' threads running while they have no
  /// connection (reset by `stop`).
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep;
  /// Accepted connections so far (the acceptor's handler only).
  size_t accepted = 0;
  tcp::acceptor acceptor{ioc};
  asio::steady_timer retry_timer{ioc};
  // Every 2 s, on its own strand: trims the heap if connections closed.
  asio::steady_timer trim_timer{asio::make_strand(ioc)};
  std::atomic<bool> closed_some{false};
  /// Runs on the trim timer's strand only.
  trim_schedule trims;
  io_pool pool;
  spare_fd spare;
  bool running = false;

  void accept();
  asio::io_context& context_for_next();
  void on_accept(beast::error_code ec, conn_socket socket);
  bool on_accept_error(beast::error_code ec);
  std::optional<std::string> admit(http_connection& conn);
  void trim_later();
  std::vector<std::shared_ptr<http_connection>> live_connections();

  /// Every context, the first one first.
  std::vector<asio::io_context*> contexts() {
    std::vector<asio::io_context*> xs{&ioc};
    for (auto& x : more)
      xs.push_back(x.get());
    return xs;
  }
};

std::vector<std::shared_ptr<http_connection>>
http_server::impl::live_connections() {
  std::vector<std::shared_ptr<http_connection>> out;
  std::lock_guard guard{core.mu};
  for (auto& [key, weak] : core.conns)
    if (auto c = weak.lock())
      out.push_back(std::move(c));
  return out;
}

asio::io_context& http_server::impl::context_for_next() {
  // Connections dealt round robin over the contexts, one io thread each: a
  // connection's steps never wake another thread (with one context shared
  // by the threads, the profile showed a futex wake-up per request or two).
  auto n = more.size() + 1;
  auto i = accepted++ % n;
  if (i == 0)
    return ioc;
  return *more[i - 1];
}

void http_server::impl::accept() {
  acceptor.async_accept(context_for_next().get_executor(),
                        [this](beast::error_code ec, conn_socket socket) {
                          on_accept(ec, std::move(socket));
                        });
}

void http_server::impl::on_accept(beast::error_code ec, conn_socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor.is_open())
    return;
  if (ec) {
    if (on_accept_error(ec))
      accept();
    return;
  }
  set_cloexec(socket.native_handle());
  auto id = identify_peer(socket.native_handle(), core.opts);
  auto conn = std::make_shared<http_connection>(std::move(socket), core);
  conn->set_identity(id);
  auto refusal = admit(*conn);
  if (refusal)
    conn->refuse(*refusal);
  else
    conn->start();
  accept();
}

bool http_server::impl::on_accept_error(beast::error_code ec) {
  if (ec == asio::error::no_descriptors || ec.value() == ENFILE) {
    // Out of descriptors: free the spare one to take the waiting client
    // off the backlog and refuse it, instead of retrying in vain.
    static const std::string refusal
      = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n"
        "Content-Type: application/json\r\nConnection: close\r\n"
        "Content-Length: "
        + std::to_string(
          json_rpc_error_body("too many open connections", -32000).size())
        + "\r\n\r\n" + json_rpc_error_body("too many open connections", -32000);
    if (spare.refuse_one(acceptor.native_handle(),
                         [](int fd) { write_now(fd, refusal); })) {
      core.refused.fetch_add(1);
      HUMMEL_LOG_WARN(net, "http: out of descriptors; refused a connection");
      return true;
    }
  }
  // Anything else: back off instead of spinning.
  HUMMEL_LOG_WARN(net, "http: accept failed: {}", ec.message());
  retry_timer.expires_after(std::chrono::milliseconds(100));
  retry_timer.async_wait([this](beast::error_code ec) {
    if (!ec && acceptor.is_open())
      accept();
  });
  return false;
}

std::optional<std::string> http_server::impl::admit(http_connection& conn) {
  // Registers `conn`; returns why it must be refused, if it must.
  const auto& limits = core.opts.limits;
  std::lock_guard guard{core.mu};
  core.conns.emplace(&conn, conn.weak_from_this());
  if (in_fd_reserve(conn.native_handle(), limits.fd_reserve))
    return "too many open descriptors";
  if (core.conns.size() > limits.max_connections)
    return "too many open connections (at most "
           + std::to_string(limits.max_connections) + ")";
  auto& mine = core.per_address[conn.address()];
  if (limits.max_per_address != 0 && mine >= limits.max_per_address) {
    if (mine == 0)
      core.per_address.erase(conn.address());
    return "too many open connections from " + conn.address() + " (at most "
           + std::to_string(limits.max_per_address) + ")";
  }
  ++mine;
  conn.count_address();
  return std::nullopt;
}

void http_server::impl::trim_later() {
  // Once connections or sessions have gone, give their buffers' pages back
  // to the system (every 2 s, for a while after each such event).
  trim_timer.expires_after(std::chrono::seconds(2));
  trim_timer.async_wait([this](beast::error_code ec) {
    if (ec)
      return;
    bool closed = closed_some.exchange(false);
    if (trims.check(take_heap_freed() || closed))
      trim_heap();
    trim_later();
  });
}

http_server::http_server(http_options opts, http_handler& handler)
  : impl_(std::make_shared<impl>()) {
  impl_->core.opts = std::move(opts);
  impl_->core.handler = &handler;
  impl_->core.budget = budget_of(impl_->core.opts.limits);
  impl_->core.closed = [d = impl_.get()] { d->closed_some = true; };
}

http_server::~http_server() {
  stop();
}

std::optional<std::string> http_server::start() {
  auto& d = *impl_;
  const auto& o = d.core.opts;
  bool v6 = o.address.find(':') != std::string::npos;
  auto where
    = (v6 ? "[" + o.address + "]" : o.address) + ":" + std::to_string(o.port);
  auto failed = [&](const std::string& why) {
    beast::error_code ignored;
    d.acceptor.close(ignored);
    return "cannot listen on " + where + ": " + why;
  };
  if (d.running)
    return failed("the server is already running");
  beast::error_code ec;
  auto addr = asio::ip::make_address(
    o.address == "localhost" ? "127.0.0.1" : o.address, ec);
  if (ec)
    return failed("invalid address");
  tcp::endpoint ep{addr, o.port};
  d.acceptor.open(ep.protocol(), ec);
  if (ec)
    return failed(lower_first(ec.message()));
  set_cloexec(d.acceptor.native_handle());
  d.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  d.acceptor.bind(ep, ec);
  // A taken default port: the next ones, then any free one.
  for (uint32_t i = 1; ec == asio::error::address_in_use && o.port != 0; ++i) {
    uint32_t next = 0;
    if (i < o.port_span && o.port + i <= 65535)
      next = o.port + i;
    else if (!o.ephemeral_fallback)
      break;
    ep.port(static_cast<uint16_t>(next));
    ec.clear();
    d.acceptor.bind(ep, ec);
    if (next == 0)
      break;
  }
  if (ec)
    return failed(lower_first(ec.message()));
  d.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return failed(lower_first(ec.message()));
  d.core.port = d.acceptor.local_endpoint(ec).port();
  d.running = true;
  // Every context exists before the first accept: the acceptor's handler
  // reads `more` on the first io thread.
  d.keep.clear();
  d.more.clear();
  for (size_t i = 1; i < o.threads; ++i) {
    d.more.push_back(std::make_unique<asio::io_context>());
    d.keep.push_back(asio::make_work_guard(*d.more.back()));
  }
  d.ioc.restart();
  d.accept();
  d.trim_later();
  for (auto* x : d.contexts())
    d.pool.start(*x, 1, "hummel-http");
  return std::nullopt;
}

uint16_t http_server::port() const {
  return impl_->core.port.load();
}

void http_server::stop() {
  auto& d = *impl_;
  if (!d.running)
    return;
  if (d.pool.on_pool_thread()) {
    HUMMEL_LOG_ERROR(net, "http: stop() called from an io thread; ignored");
    return;
  }
  d.running = false;
  asio::post(d.ioc, [&d] {
    beast::error_code ignored;
    d.acceptor.close(ignored);
    d.retry_timer.cancel();
  });
  asio::post(d.trim_timer.get_executor(), [&d] { d.trim_timer.cancel(); });
  for (auto& c : d.live_connections())
    asio::post(c->executor(), [c] { c->close(); });
  {
    std::unique_lock lock{d.core.mu};
    d.core.conns_changed.wait_for(lock, std::chrono::seconds(2),
                                  [&] { return d.core.conns.empty(); });
  }
  d.keep.clear();
  for (auto* x : d.contexts())
    x->stop();
  d.pool.join();
  // No io thread runs now: finish what the posts above did not reach.
  beast::error_code ignored;
  d.acceptor.close(ignored);
  d.retry_timer.cancel();
  d.trim_timer.cancel();
  for (auto& c : d.live_connections())
    c->close();
  // Run the aborted operations' handlers so they release their connections.
  for (auto* x : d.contexts()) {
    x->restart();
    x->poll();
  }
}

size_t http_server::open_connections() const {
  std::lock_guard guard{impl_->core.mu};
  return impl_->core.conns.size();
}

size_t http_server::open_streams() const {
  return impl_->core.streams.load();
}

const output_budget& http_server::budget() const {
  return *impl_->core.budget;
}

size_t http_server::refused() const {
  return impl_->core.refused.load();
}

} // namespace hummel::net

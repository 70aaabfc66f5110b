#include "net/http_connection.hpp"

#include "common/log.hpp"
#include "net/http_checks.hpp"
#include "net/http_format.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/read.hpp>
#include <linux/sockios.h>
#include <sys/ioctl.h>

#include <tuple>

namespace hummel::net::detail {

namespace {

/// Bytes read ahead (pipelined or junk) while a request is being answered.
constexpr size_t max_read_ahead = 64u << 10;
/// How long an error response waits for the peer to stop sending.
constexpr auto linger_time = std::chrono::seconds(2);

/// The peer as "address:port" and its address alone.
std::pair<std::string, std::string> endpoint_text(const conn_socket& s) {
  beast::error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (ec)
    return {"?", "?"};
  auto addr = ep.address().to_string();
  auto shown = ep.address().is_v6() ? "[" + addr + "]" : addr;
  return {shown + ":" + std::to_string(ep.port()), addr};
}

std::string lowered(std::string_view s) {
  std::string out{s};
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return std::string{s};
}

} // namespace

http_connection::http_connection(conn_socket socket, http_core& core)
  : core_(core), stream_(std::move(socket)) {
  std::tie(peer_, address_) = endpoint_text(stream_.socket());
  beast::error_code ec;
  stream_.socket().set_option(tcp::no_delay(true), ec);
  fd_.store(stream_.socket().native_handle(), std::memory_order_relaxed);
}

size_t http_connection::kernel_unsent() const {
  int fd = fd_.load(std::memory_order_relaxed);
  int n = 0;
  if (fd < 0 || ::ioctl(fd, SIOCOUTQ, &n) != 0 || n < 0)
    return 0;
  return static_cast<size_t>(n);
}

void http_connection::start() {
  asio::post(executor(), [self = shared_from_this()] { self->read_head(); });
}

void http_connection::close(bool reset) {
  if (state_ == state::closed)
    return;
  state_ = state::closed;
  fd_.store(-1, std::memory_order_relaxed);
  beast::error_code ec;
  if (reset)
    stream_.socket().set_option(asio::socket_base::linger{true, 0}, ec);
  else
    stream_.socket().shutdown(conn_socket::shutdown_both, ec);
  stream_.close();
  out_.clear();
  unqueue(out_bytes_);
  end_exchange();
  {
    std::lock_guard guard{core_.mu};
    core_.conns.erase(this);
    if (counted_address_) {
      auto i = core_.per_address.find(address_);
      if (i != core_.per_address.end() && --i->second == 0)
        core_.per_address.erase(i);
    }
    core_.conns_changed.notify_all();
  }
  if (core_.closed)
    core_.closed();
}

void http_connection::refuse(std::string why) {
  asio::post(executor(), [self = shared_from_this(), why = std::move(why)] {
    if (self->state_ == state::closed)
      return;
    self->core_.refused.fetch_add(1);
    HUMMEL_LOG_WARN(net, "http: refusing {}: {}", self->peer_, why);
    self->fail(503, why, {{"Retry-After", "5"}});
  });
}

void http_connection::end_exchange() {
  if (counted_stream_) {
    counted_stream_ = false;
    core_.streams.fetch_sub(1);
  }
  if (auto ex = std::move(exchange_))
    ex->mark_closed();
}

void http_connection::wait_for_request() {
  // Between keep-alive requests: idle until the next request's first byte
  // (idle timeout), then the head must follow within the header timeout.
  if (state_ == state::closed)
    return;
  state_ = state::reading;
  stream_.expires_after(core_.opts.idle_timeout);
  stream_.async_read_some(
    buffer_.prepare(4096),
    [self = shared_from_this()](beast::error_code ec, size_t n) {
      if (self->state_ == state::closed)
        return;
      self->buffer_.commit(n);
      if (ec)
        return self->close(); // EOF, reset or the idle timeout
      self->read_head();
    });
}

void http_connection::read_head() {
  if (state_ == state::closed)
    return;
  if (served_ && buffer_.size() == 0)
    return wait_for_request();
  served_ = true;
  state_ = state::reading;
  parser_.emplace();
  parser_->header_limit(static_cast<uint32_t>(core_.opts.max_header));
  parser_->body_limit(core_.opts.max_body);
  // A fresh connection or a started head: the head must come complete
  // within the header timeout (a slow or stalled head is dropped).
  stream_.expires_after(
    std::min(core_.opts.limits.header_timeout, core_.opts.idle_timeout));
  bhttp::async_read_header(
    stream_, buffer_, *parser_,
    [self = shared_from_this()](beast::error_code ec, size_t) {
      self->on_head(ec);
    });
}

void http_connection::on_read_error(beast::error_code ec) {
  if (ec == bhttp::error::header_limit)
    fail(431, "request header fields too large");
  else if (ec == bhttp::error::body_limit)
    fail(413, "request body larger than " + size_text(core_.opts.max_body));
  else if (ec.category()
             == beast::error_code{bhttp::error::header_limit}.category()
           && ec != bhttp::error::end_of_stream
           && ec != bhttp::error::partial_message)
    fail(400, "malformed HTTP request: " + ec.message());
  else
    close(); // EOF, reset, idle timeout, cancellation
}

void http_connection::on_head(beast::error_code ec) {
  if (state_ == state::closed)
    return;
  if (ec)
    return on_read_error(ec);
  if (!check_request())
    return;
  if (parser_->is_done())
    return dispatch();
  auto& req = parser_->get();
  auto expect = req[bhttp::field::expect];
  if (beast::iequals(expect, "100-continue") && req.version() >= 11)
    write("HTTP/1.1 100 Continue\r\n\r\n");
  stream_.expires_after(core_.opts.idle_timeout);
  bhttp::async_read(stream_, buffer_, *parser_,
                    [self = shared_from_this()](beast::error_code ec, size_t) {
                      self->on_body(ec);
                    });
}

void http_connection::on_body(beast::error_code ec) {
  if (state_ == state::closed)
    return;
  if (ec)
    return on_read_error(ec);
  dispatch();
}

bool http_connection::check_request() {
  const auto& req = parser_->get();
  const auto& o = core_.opts;
  auto host = req.find(bhttp::field::host);
  if (host == req.end()) {
    if (req.version() >= 11) {
      fail(400, "missing Host header");
      return false;
    }
  } else {
    auto v = host->value();
    if (!host_allowed({v.data(), v.size()}, core_.port.load(), o)) {
      fail(403, "forbidden: Host not allowed");
      return false;
    }
  }
  auto origin = req.find(bhttp::field::origin);
  if (origin != req.end()) {
    auto v = origin->value();
    if (!origin_allowed({v.data(), v.size()}, o)) {
      fail(403, "forbidden: Origin not allowed");
      return false;
    }
  }
  std::string_view target{req.target().data(), req.target().size()};
  auto listed = [&](const std::vector<std::string>& paths) {
    for (const auto& p : paths)
      if (path_matches(target, p))
        return true;
    return false;
  };
  bool open = listed(o.public_paths);
  if (!open && !check_access())
    return false;
  if (!open && !path_matches(target, o.path) && !listed(o.extra_paths)) {
    fail(404, "not found: the endpoint is " + o.path);
    return false;
  }
  return true;
}

bool http_connection::check_access() {
  const auto& req = parser_->get();
  auto auth = req.find(bhttp::field::authorization);
  std::string value;
  if (auth != req.end())
    value.assign(auth->value().data(), auth->value().size());
  auto d = decide_access(core_.opts, identity_,
                         auth == req.end() ? nullptr : &value);
  if (d.status == 401)
    fail(401, std::move(d.message), {{"WWW-Authenticate", "Bearer"}});
  else if (d.status != 0)
    fail(d.status, std::move(d.message));
  return d.status == 0;
}

void http_connection::dispatch() {
  auto msg = parser_->release();
  parser_.reset();
  http_request req;
  auto method = msg.method_string();
  req.method.assign(method.data(), method.size());
  auto target = msg.target();
  req.target.assign(target.data(), target.size());
  req.headers.reserve(16);
  for (const auto& f : msg) {
    auto n = f.name_string();
    auto v = f.value();
    req.headers.emplace_back(lowered({n.data(), n.size()}),
                             trimmed({v.data(), v.size()}));
  }
  req.body = std::move(msg.body());
  req.peer = peer_;
  req.peer_uid = identity_.uid;
  version_ = msg.version();
  keep_alive_ = msg.keep_alive();
  head_only_ = msg.method() == bhttp::verb::head;
  state_ = state::waiting;
  stream_.expires_never();
  exchange_ = std::make_shared<exchange_impl>(shared_from_this());
  auto ex = exchange_;
  try {
    core_.handler->handle(std::move(req), ex);
  } catch (const std::exception& e) {
    HUMMEL_LOG_ERROR(net, "http: handler threw: {}", e.what());
    ex->respond(500, {}, json_rpc_error_body("internal error", -32603));
  } catch (...) {
    HUMMEL_LOG_ERROR(net, "http: handler threw");
    ex->respond(500, {}, json_rpc_error_body("internal error", -32603));
  }
  // Not answered at once (a command, a stream): watch for the peer's
  // close meanwhile.
  if (state_ == state::waiting)
    monitor();
}

void http_connection::monitor() {
  if (monitoring_ || buffer_.size() >= max_read_ahead)
    return;
  monitoring_ = true;
  stream_.async_read_some(
    buffer_.prepare(4096),
    [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->on_monitor(ec, n);
    });
}

void http_connection::on_monitor(beast::error_code ec, size_t n) {
  monitoring_ = false;
  if (state_ == state::closed)
    return;
  buffer_.commit(n);
  if (ec && ec != asio::error::operation_aborted)
    return close(); // the peer is gone
  if (next_after_monitor_) {
    next_after_monitor_ = false;
    return state_ == state::lingering ? linger() : read_head();
  }
  if (state_ == state::waiting || state_ == state::streaming
      || state_ == state::finishing)
    monitor();
}

void http_connection::fail(int status, std::string message,
                           http_headers extra) {
  keep_alive_ = false;
  state_ = state::lingering;
  parser_.reset();
  stream_.expires_after(linger_time);
  auto body = json_rpc_error_body(message);
  extra.emplace_back("Content-Type", "application/json");
  response_framing framing;
  framing.content_length = body.size();
  framing.close = true;
  after_write_linger_ = true;
  write(format_response_head(status, extra, framing) + body);
}

void http_connection::linger() {
  beast::error_code ec;
  stream_.socket().shutdown(conn_socket::shutdown_send, ec);
  if (ec)
    return close();
  drain_buf_.resize(16u << 10);
  stream_.expires_after(linger_time);
  stream_.async_read_some(
    asio::buffer(drain_buf_),
    [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->on_linger(ec, n);
    });
}

void http_connection::on_linger(beast::error_code ec, size_t n) {
  if (state_ == state::closed)
    return;
  drained_ += n;
  if (ec || drained_ > 2 * core_.opts.max_body + (1u << 20))
    return close();
  stream_.async_read_some(
    asio::buffer(drain_buf_),
    [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->on_linger(ec, n);
    });
}

} // namespace hummel::net::detail

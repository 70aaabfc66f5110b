#include "net/line_session.hpp"

#include "common/log.hpp"
#include "net/callbacks.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <linux/sockios.h>
#include <sys/ioctl.h>

#include <algorithm>

namespace hummel::net::detail {

namespace {

/// How long a graceful close waits for the output to drain.
constexpr auto close_grace = std::chrono::seconds(5);

} // namespace

// -- line_handle ----------------------------------------------------------

line_handle::line_handle(std::shared_ptr<line_session> session)
  : peer_(session->peer), session_(std::move(session)) {
  // nop
}

bool line_handle::send_line(std::string line) {
  std::lock_guard guard{mu_};
  if (closed_ || closing_)
    return false;
  line += '\n';
  session_->note_posted(line.size());
  asio::post(
    session_->executor(),
    [s = session_, l = std::move(line)]() mutable { s->send(std::move(l)); });
  return true;
}

void line_handle::close() {
  std::lock_guard guard{mu_};
  if (closed_ || closing_)
    return;
  closing_ = true;
  asio::post(session_->executor(), [s = session_] { s->close_gracefully(); });
}

void line_handle::on_close(std::function<void()> f) {
  if (!f)
    return;
  {
    std::lock_guard guard{mu_};
    if (!closed_) {
      callbacks_.push_back(std::move(f));
      return;
    }
  }
  f();
}

bool line_handle::closed() const {
  std::lock_guard guard{mu_};
  return closed_ || closing_;
}

void line_handle::mark_closed() {
  std::vector<std::function<void()>> callbacks;
  std::shared_ptr<line_session> session;
  {
    std::lock_guard guard{mu_};
    if (closed_)
      return;
    closed_ = true;
    session = std::move(session_);
    callbacks.swap(callbacks_);
  }
  run_close_callbacks(callbacks, "line server");
}

// -- line_session ---------------------------------------------------------

line_session::line_session(unix_socket socket, line_core& core)
  : core_(core),
    socket_(std::move(socket)),
    close_timer_(socket_.get_executor()) {
  // nop
}

size_t line_handle::unsent() const {
  std::lock_guard guard{mu_};
  return session_ ? session_->unsent() : 0;
}

void line_session::start() {
  fd_.store(socket_.native_handle(), std::memory_order_relaxed);
  handle_ = std::make_shared<line_handle>(shared_from_this());
  asio::post(executor(), [self = shared_from_this()] {
    if (self->closed_)
      return;
    try {
      self->core_.handler->on_open(self->handle_);
    } catch (const std::exception& e) {
      HUMMEL_LOG_ERROR(net, "line server: on_open threw: {}", e.what());
      return self->close();
    }
    self->read();
  });
}

void line_session::read() {
  if (closed_ || closing_)
    return;
  chunk_.resize(64u << 10);
  socket_.async_read_some(
    asio::buffer(chunk_),
    [self = shared_from_this()](boost::system::error_code ec, size_t n) {
      self->on_read(ec, n);
    });
}

void line_session::on_read(boost::system::error_code ec, size_t n) {
  if (closed_ || closing_)
    return;
  std::string_view got{chunk_.data(), n};
  if (skipping_) {
    // The rest of an over-long line: dropped up to its end.
    auto nl = got.find('\n');
    skipping_ = nl == std::string_view::npos;
    got.remove_prefix(skipping_ ? got.size() : nl + 1);
  }
  // pending_ holds no "\n" before this read: search only the new bytes.
  auto fresh = pending_.size();
  pending_.append(got);
  auto deliver = [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (!line.empty())
      core_.handler->on_line(handle_, std::string{line});
  };
  size_t start = 0;
  try {
    for (;;) {
      auto nl = pending_.find('\n', std::max(start, fresh));
      if (nl == std::string::npos)
        break;
      if (nl - start > core_.max_line)
        overlong();
      else
        deliver(std::string_view{pending_}.substr(start, nl - start));
      start = nl + 1;
      if (closed_ || closing_)
        return;
    }
    pending_.erase(0, start);
    if (pending_.size() > core_.max_line) {
      pending_.clear();
      skipping_ = true;
      overlong();
    }
    if (ec) {
      // End of input (or an error): the last unterminated line still counts.
      if (!skipping_)
        deliver(pending_);
      pending_.clear();
      return end_input();
    }
  } catch (const std::exception& e) {
    HUMMEL_LOG_ERROR(net, "line server: handler threw: {}", e.what());
    return close();
  }
  read();
}

void line_session::overlong() {
  HUMMEL_LOG_WARN(net,
                  "line server: a client sent a line longer than {} bytes; "
                  "skipped it",
                  core_.max_line);
  core_.handler->on_overlong(handle_);
}

void line_session::end_input() {
  // Posted, so that lines the handler has just queued (posted too) go
  // out before the connection closes.
  asio::post(executor(),
             [self = shared_from_this()] { self->close_gracefully(); });
}

size_t line_session::unsent() const {
  size_t n = unsent_.load(std::memory_order_relaxed);
  int fd = fd_.load(std::memory_order_relaxed);
  int queued = 0;
  if (fd >= 0 && ::ioctl(fd, SIOCOUTQ, &queued) == 0 && queued > 0)
    n += static_cast<size_t>(queued);
  return n;
}

void line_session::send(std::string bytes) {
  if (closed_) {
    unsent_.fetch_sub(bytes.size(), std::memory_order_relaxed);
    return;
  }
  bool over_own = out_bytes_ + bytes.size() > core_.limits.max_unsent;
  if (over_own || !core_.budget->admits(out_bytes_, bytes.size())) {
    HUMMEL_LOG_WARN(net,
                    "line server: a client does not read its replies ({} bytes "
                    "unsent, {} in all connections, over {}); closing its "
                    "connection",
                    out_bytes_, core_.budget->used(),
                    over_own ? "its cap" : "its share of the output budget");
    unsent_.fetch_sub(bytes.size(), std::memory_order_relaxed);
    return close();
  }
  core_.budget->charge(out_bytes_, bytes.size());
  out_bytes_ += bytes.size();
  out_.push_back(std::move(bytes));
  if (!writing_)
    write_next();
}

void line_session::write_next() {
  if (out_.empty()) {
    writing_ = false;
    if (closing_)
      close();
    return;
  }
  writing_ = true;
  in_flight_.swap(out_);
  std::vector<asio::const_buffer> bufs;
  bufs.reserve(in_flight_.size());
  for (const auto& s : in_flight_)
    bufs.emplace_back(s.data(), s.size());
  asio::async_write(
    socket_, bufs,
    [self = shared_from_this()](boost::system::error_code ec, size_t n) {
      if (self->closed_)
        return;
      self->unqueue(n);
      self->in_flight_.clear();
      if (ec)
        return self->close();
      self->write_next();
    });
}

void line_session::unqueue(size_t n) {
  n = std::min(out_bytes_, n);
  core_.budget->refund(out_bytes_, n);
  out_bytes_ -= n;
  unsent_.fetch_sub(n, std::memory_order_relaxed);
}

void line_session::close_gracefully() {
  if (closed_ || closing_)
    return;
  closing_ = true;
  if (!writing_)
    return close();
  close_timer_.expires_after(close_grace);
  close_timer_.async_wait(
    [self = shared_from_this()](boost::system::error_code ec) {
      if (!ec)
        self->close();
    });
}

void line_session::close() {
  if (closed_)
    return;
  closed_ = true;
  closing_ = true;
  fd_.store(-1, std::memory_order_relaxed);
  boost::system::error_code ec;
  socket_.shutdown(unix_socket::shutdown_both, ec);
  socket_.close(ec);
  close_timer_.cancel();
  out_.clear();
  unqueue(out_bytes_);
  core_.closed_some = true;
  if (handle_)
    handle_->mark_closed();
  std::lock_guard guard{core_.mu};
  core_.conns.erase(this);
  core_.changed.notify_all();
}

} // namespace hummel::net::detail

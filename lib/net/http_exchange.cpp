#include "net/callbacks.hpp"
#include "net/http_connection.hpp"
#include "net/http_format.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

namespace hummel::net {

const std::string* http_request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name)
      return &value;
  return nullptr;
}

namespace detail {

exchange_impl::exchange_impl(std::shared_ptr<http_connection> conn)
  : conn_(std::move(conn)), queued_(conn_->queued_counter()) {
  // nop
}

void exchange_impl::respond(int status, http_headers headers,
                            std::string body) {
  std::unique_lock guard{mu_};
  if (closed_ || phase_ != phase::fresh)
    return;
  phase_ = phase::responded;
  auto c = conn_;
  guard.unlock();
  // On the connection's io thread (a read answered where it was parsed):
  // written at once, no post; from any other thread: posted. Unlocked
  // first, since writing may close the connection, which marks this
  // exchange closed.
  asio::dispatch(c->executor(), [c, self = this, status, h = std::move(headers),
                                 b = std::move(body)]() mutable {
    c->do_respond(self, status, std::move(h), std::move(b));
  });
}

void exchange_impl::start_stream(int status, http_headers headers) {
  std::lock_guard guard{mu_};
  if (closed_ || phase_ != phase::fresh)
    return;
  phase_ = phase::streaming;
  asio::post(conn_->executor(), [c = conn_, self = this, status,
                                 h = std::move(headers)]() mutable {
    c->do_start_stream(self, status, std::move(h));
  });
}

bool exchange_impl::send_raw(std::string bytes) {
  std::lock_guard guard{mu_};
  if (closed_ || phase_ != phase::streaming)
    return false;
  posted_->fetch_add(bytes.size(), std::memory_order_relaxed);
  asio::post(conn_->executor(), [c = conn_, self = this, p = posted_,
                                 b = std::move(bytes)]() mutable {
    auto n = b.size();
    c->do_send(self, std::move(b));
    p->fetch_sub(n, std::memory_order_relaxed);
  });
  return true;
}

bool exchange_impl::send_event(std::string data, std::string id,
                               std::optional<int> retry_ms) {
  return send_raw(format_sse_event(data, id, retry_ms));
}

bool exchange_impl::send_comment(std::string_view text) {
  return send_raw(format_sse_comment(text));
}

void exchange_impl::end_stream() {
  std::lock_guard guard{mu_};
  if (closed_ || phase_ != phase::streaming)
    return;
  phase_ = phase::ended;
  asio::post(conn_->executor(),
             [c = conn_, self = this] { c->do_end_stream(self); });
}

void exchange_impl::on_close(std::function<void()> f) {
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

size_t exchange_impl::unsent() const {
  size_t in_kernel = 0;
  {
    std::lock_guard guard{mu_};
    if (conn_)
      in_kernel = conn_->kernel_unsent();
  }
  return posted_->load(std::memory_order_relaxed)
         + queued_->load(std::memory_order_relaxed) + in_kernel;
}

bool exchange_impl::closed() const {
  std::lock_guard guard{mu_};
  return closed_;
}

void exchange_impl::mark_closed() {
  std::vector<std::function<void()>> callbacks;
  std::shared_ptr<http_connection> conn;
  {
    std::lock_guard guard{mu_};
    if (closed_)
      return;
    closed_ = true;
    conn = std::move(conn_);
    callbacks.swap(callbacks_);
  }
  run_close_callbacks(callbacks, "http");
}

} // namespace detail

} // namespace hummel::net

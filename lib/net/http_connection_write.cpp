#include "common/log.hpp"
#include "net/http_checks.hpp"
#include "net/http_connection.hpp"
#include "net/http_format.hpp"

#include <boost/asio/write.hpp>

// The writing half of http_connection: responses, streams, the write queue.

namespace hummel::net::detail {

void http_connection::do_respond(const exchange_impl* ex, int status,
                                 http_headers headers, std::string body) {
  if (state_ != state::waiting || ex != exchange_.get())
    return;
  state_ = state::finishing;
  if (wants_close(headers))
    keep_alive_ = false;
  response_framing framing;
  bool bodiless = status < 200 || status == 204 || status == 304;
  if (!bodiless)
    framing.content_length = body.size();
  framing.close = !keep_alive_;
  framing.explicit_keep_alive = keep_alive_ && version_ < 11;
  after_write_finish_ = true;
  // Head and body go out as two buffers of one gather write: the body is
  // not copied behind the head.
  queue(format_response_head(status, headers, framing));
  if (!bodiless && !head_only_ && !body.empty())
    queue(std::move(body));
  if (!writing_)
    write_next();
}

void http_connection::do_start_stream(const exchange_impl* ex, int status,
                                      http_headers headers) {
  if (state_ != state::waiting || ex != exchange_.get())
    return;
  state_ = state::streaming;
  counted_stream_ = true;
  core_.streams.fetch_add(1);
  chunked_ = version_ >= 11;
  if (!chunked_ || wants_close(headers))
    keep_alive_ = false;
  headers
    = with_default(std::move(headers), "Content-Type", "text/event-stream");
  headers = with_default(std::move(headers), "Cache-Control", "no-cache");
  headers = with_default(std::move(headers), "X-Accel-Buffering", "no");
  response_framing framing;
  framing.chunked = chunked_;
  framing.close = !keep_alive_;
  framing.explicit_keep_alive = keep_alive_ && version_ < 11;
  write(format_response_head(status, headers, framing));
}

void http_connection::do_send(const exchange_impl* ex, std::string bytes) {
  if (state_ != state::streaming || ex != exchange_.get() || head_only_)
    return;
  // A stream reader that does not keep up is cut: past its own cap, or
  // past its share of the budget all connections share.
  const auto& limits = core_.opts.limits;
  bool over_own = out_bytes_ + bytes.size() > limits.max_unsent;
  if (over_own || !core_.budget->admits(out_bytes_, bytes.size())) {
    HUMMEL_LOG_WARN(net,
                    "http: {} does not read its stream ({} unsent, {} in all "
                    "connections, over {}); closing",
                    peer_, size_text(out_bytes_),
                    size_text(core_.budget->used()),
                    over_own ? "its cap of " + size_text(limits.max_unsent)
                             : "its share of the output budget");
    return close(true);
  }
  write(chunked_ ? format_chunk(bytes) : std::move(bytes));
}

void http_connection::do_end_stream(const exchange_impl* ex) {
  if (state_ != state::streaming || ex != exchange_.get())
    return;
  state_ = state::finishing;
  after_write_finish_ = true;
  write(chunked_ && !head_only_ ? "0\r\n\r\n" : "");
}

void http_connection::finish_exchange() {
  end_exchange();
  state_ = keep_alive_ ? state::reading : state::lingering;
  if (monitoring_) {
    // Only one read at a time: the read-ahead ends first, then on_monitor
    // takes the next step.
    next_after_monitor_ = true;
    beast::error_code ec;
    stream_.socket().cancel(ec);
    return;
  }
  if (keep_alive_)
    read_head();
  else
    linger();
}

void http_connection::queue(std::string bytes) {
  core_.budget->charge(out_bytes_, bytes.size());
  out_bytes_ += bytes.size();
  queued_->store(out_bytes_, std::memory_order_relaxed);
  out_.push_back(std::move(bytes));
}

void http_connection::unqueue(size_t n) {
  n = std::min(out_bytes_, n);
  core_.budget->refund(out_bytes_, n);
  out_bytes_ -= n;
  queued_->store(out_bytes_, std::memory_order_relaxed);
}

void http_connection::write(std::string bytes) {
  queue(std::move(bytes));
  if (!writing_)
    write_next();
}

void http_connection::write_next() {
  if (out_.empty()) {
    writing_ = false;
    if (after_write_finish_) {
      after_write_finish_ = false;
      finish_exchange();
    } else if (after_write_linger_) {
      after_write_linger_ = false;
      linger();
    }
    return;
  }
  writing_ = true;
  in_flight_.swap(out_);
  std::vector<asio::const_buffer> bufs;
  bufs.reserve(in_flight_.size());
  for (const auto& s : in_flight_)
    bufs.emplace_back(s.data(), s.size());
  asio::async_write(
    stream_, bufs, [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->on_write(ec, n);
    });
}

void http_connection::on_write(beast::error_code ec, size_t n) {
  if (state_ == state::closed)
    return;
  unqueue(n);
  in_flight_.clear();
  if (ec)
    return close();
  write_next();
}

} // namespace hummel::net::detail

#include "main/cli/client.hpp"

namespace hummel::cli {

using nlohmann::json;

namespace {

call_result failure(const net::client_error& e) {
  call_result r;
  r.exit = exit_code_for(e.code);
  r.error = e.message;
  return r;
}

} // namespace

std::optional<call_result>
session::connect(const std::filesystem::path& socket) {
  if (auto err = client_.connect(socket))
    return failure(*err);
  return std::nullopt;
}

std::optional<int64_t> session::send(std::string_view tool, json args,
                                     bool progress, call_result& error) {
  auto id = next_id_++;
  auto line = make_tool_call(id, tool, std::move(args), progress)
                .dump(-1, ' ', false, json::error_handler_t::replace);
  if (auto err = client_.send_line(line)) {
    error = failure(*err);
    if (err->code == net::client_errc::no_daemon)
      error.exit = exit_failed;
    return std::nullopt;
  }
  return id;
}

session::event session::next_response(const progress_fn& on_progress,
                                      std::chrono::milliseconds timeout) {
  std::string line;
  for (;;) {
    if (auto err = client_.read_line(line, timeout)) {
      event ev;
      ev.result = failure(*err);
      ev.result.exit = exit_failed;
      ev.timed_out = err->code == net::client_errc::timeout;
      return ev;
    }
    auto in = classify_line(line);
    if (in.kind == message_kind::progress) {
      auto l = progress_line(in.message);
      auto token = progress_token(in.message);
      if (l && token && on_progress)
        on_progress(*token, *l);
      continue;
    }
    if (in.kind != message_kind::response)
      continue;
    const auto& id = in.message["id"];
    if (!id.is_number_integer())
      continue;
    event ev;
    ev.id = id.get<int64_t>();
    ev.result = parse_tool_response(in.message);
    return ev;
  }
}

call_result session::call(std::string_view tool, json args,
                          const progress_fn& on_progress,
                          std::chrono::milliseconds timeout) {
  call_result error;
  auto id = send(tool, std::move(args), static_cast<bool>(on_progress), error);
  if (!id)
    return error;
  for (;;) {
    auto ev = next_response(on_progress, timeout);
    if (ev.id == 0 || ev.id == *id)
      return std::move(ev.result);
  }
}

net::line_client& session::client() noexcept {
  return client_;
}

} // namespace hummel::cli

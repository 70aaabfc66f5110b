#pragma once

// One CLI connection to the project's daemon: tool calls over the unix
// socket, each one request line with the stateless `_meta`, answered by the
// response with its id; progress notifications are handed to a callback.
//
// Thread safety: a session is used by one thread.

#include "main/cli/protocol.hpp"
#include "net/line_client.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace hummel::cli {

/// Receives (progress token, log line) of progress notifications.
using progress_fn = std::function<void(int64_t, const nlohmann::json&)>;

/// A connection for tool calls.
class session {
public:
  /// Connects to `socket`; on failure returns exit code and message.
  std::optional<call_result> connect(const std::filesystem::path& socket);

  /// Sends a tool call without waiting; returns its request id, or nullopt
  /// (and `error`) if sending failed.
  std::optional<int64_t> send(std::string_view tool, nlohmann::json args,
                              bool progress, call_result& error,
                              bool rows = false);

  /// One thing that arrived.
  struct event {
    /// The request id a response answers (0 if none).
    int64_t id = 0;
    /// The outcome, for a response.
    call_result result;
    /// No line arrived within the timeout (id is 0; try again).
    bool timed_out = false;
  };

  /// Reads until a response arrives (returned) or the connection fails
  /// (an event with id 0 and a failed result). Progress lines go to
  /// `on_progress`; other notifications are skipped. `timeout` bounds the
  /// wait. After 7 s without a line the daemon is pinged on a connection of
  /// its own: no reply within 3 s fails the wait ("the daemon (pid N) does
  /// not answer ..."), so a stopped or hung daemon is given up after about
  /// 10 s whatever the timeout.
  event next_response(const progress_fn& on_progress,
                      std::chrono::milliseconds timeout);

  /// Sends one call and waits for its response.
  call_result call(std::string_view tool, nlohmann::json args,
                   const progress_fn& on_progress = {},
                   std::chrono::milliseconds timeout = std::chrono::minutes(5));

  /// What a line reader did with a line.
  enum class line_use { taken, skipped, general };

  /// Reads a line itself, given the request id it waits for.
  using line_reader = std::function<line_use(std::string& line, int64_t id)>;

  /// Sends one call, asking for the compact form of a listing
  /// (mcp::meta::rows), and offers each line to `fast` first: `taken` ends
  /// the call with an ok result (what `fast` read is the answer,
  /// `structured` stays empty), `skipped` reads the next line, `general`
  /// reads the line as `call` does (errors, other shapes, either form).
  call_result call_lines(std::string_view tool, nlohmann::json args,
                         const line_reader& fast,
                         std::chrono::milliseconds timeout
                         = std::chrono::minutes(5));

  /// The underlying client (for the raw pump of `hummel mcp`).
  net::line_client& client() noexcept;

private:
  /// The event a line is, if it is a response; progress goes to
  /// `on_progress`, other notifications are skipped.
  std::optional<event> response_in(std::string& line,
                                   const progress_fn& on_progress);

  /// Reads one line by `deadline`, pinging a daemon that stays silent;
  /// nullopt when `line` holds one, else the event that ends the wait.
  std::optional<event>
  read_or_probe(std::string& line,
                std::chrono::steady_clock::time_point deadline);

  net::line_client client_;
  std::filesystem::path socket_;
  /// When the daemon last showed it is alive (a line, a ping answered).
  std::chrono::steady_clock::time_point heard_{};
  int64_t next_id_ = 1;
};

} // namespace hummel::cli

#pragma once

// The daemon side of `hummel ui`: connections over the project's unix
// socket that send requests without waiting and read what came back
// without blocking (the event loop polls their descriptors), and the log
// follower of the selected process (`logs_stream`, then its follow calls
// from the cursor, the lines arriving as progress notifications).
//
// Thread safety: used by the one thread of the event loop.

#include "main/cli/ui/logbuf.hpp"
#include "net/line_client.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hummel::ui {

/// One connection to the daemon.
class feed_conn {
public:
  /// Connects; on failure returns false and sets `error`.
  bool connect(const std::filesystem::path& socket, std::string& error);

  /// Closes the connection (it may connect again).
  void close();

  /// Whether a connection is open.
  bool connected() const;

  /// The socket descriptor (-1 when closed).
  int fd() const;

  /// Sends a JSON-RPC request `method` with `params` (plus the CLI's
  /// `_meta`); returns its id, 0 when sending failed (then closed).
  int64_t request(std::string_view method, nlohmann::json params);

  /// Sends a `tools/call`; `progress` asks for progress notifications.
  int64_t tool(std::string_view name, nlohmann::json args, bool progress);

  /// Appends every message already received (parsed; unparsable lines are
  /// skipped); false when the connection ended (then closed).
  bool drain(std::vector<nlohmann::json>& out);

private:
  int64_t send(nlohmann::json message);

  net::line_client client_{16u << 20};
  int64_t next_id_ = 1;
};

/// Follows the log of one process on a connection of its own.
class log_follower {
public:
  /// Starts showing `name` in `log` (reconnects; `log` is reset).
  bool start(const std::filesystem::path& socket, const std::string& name,
             log_buffer& log, std::string& error);

  /// Stops following (closes the connection).
  void stop();

  /// The process followed ("" when none).
  const std::string& name() const noexcept;

  /// Its connection (for poll and drain).
  feed_conn& conn() noexcept;

  /// Handles one message of the connection; returns whether `log` changed.
  bool on_message(const nlohmann::json& message, log_buffer& log);

private:
  void follow_from(uint64_t seq);

  feed_conn conn_;
  std::string name_;
  int64_t first_ = 0;
  int64_t follow_ = 0;
};

/// The method name of a notification ("" for a response or request).
std::string notification_method(const nlohmann::json& message);

} // namespace hummel::ui

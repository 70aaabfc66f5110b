#pragma once

// The audit record: one JSON line per command (run, start, stop, restart,
// reload, config_reload) from any client — MCP over the unix socket (the
// CLI, `hummel mcp`), MCP over HTTP, a cluster peer — in
// <state dir>/audit.jsonl, mode 0600:
//
//   {"time":"2026-12-03T05:40:12.345Z","time_ms":1796...,"transport":"http",
//    "uid":1000,"address":"127.0.0.1:51234","what":"scripts_stop",
//    "target":"web","result":"ok"}
//
// Fields with nothing known are left out (pid over TCP, peer_node beyond a
// cluster, uid of a remote HTTP client).
//
// Thread safety: `audit_log::append` may be called from any thread; each
// record is one write(2) on an O_APPEND descriptor, so lines never
// interleave, also across processes.

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace hummel {

/// Who ordered a command.
struct audit_who {
  /// "unix", "http", "stdio", "cluster", or "daemon" (the daemon itself).
  std::string transport;
  std::optional<uint32_t> uid;
  std::optional<int32_t> pid;
  /// The client's address (HTTP: "127.0.0.1:51234"; cluster: the link's).
  std::string address;
  /// The node that ordered it (cluster commands).
  std::string peer_node;
};

/// One command.
struct audit_record {
  /// Unix epoch milliseconds.
  int64_t time_ms = 0;
  audit_who who;
  /// The command: "scripts_run", "scripts_stop", "stop", ...
  std::string what;
  /// What it acted on: a process name, "node/name" for a remote one.
  std::string target;
  /// "ok", or "error: <why>" (cut to 200 bytes).
  std::string result;
};

/// Returns `r` as one JSON line (with the trailing "\n").
std::string audit_line(const audit_record& r);

/// An append-only audit file.
class audit_log {
public:
  /// Opens (creates 0600) `path` for appending; `error()` says if not.
  explicit audit_log(std::filesystem::path path);
  ~audit_log();

  audit_log(const audit_log&) = delete;
  audit_log& operator=(const audit_log&) = delete;

  /// Appends `r`; returns why not (the file could not be opened or
  /// written), else nullopt.
  std::optional<std::string> append(const audit_record& r);

  /// Why the file could not be opened, or empty.
  const std::string& error() const {
    return error_;
  }

  const std::filesystem::path& path() const {
    return path_;
  }

private:
  std::filesystem::path path_;
  std::mutex mu_;
  int fd_ = -1;
  std::string error_;
};

} // namespace hummel

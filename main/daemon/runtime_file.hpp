#pragma once

// The runtime file, <runtime dir>/<project-id>.json (0600): how clients
// reach this daemon (pid and start time to verify it, unix socket, HTTP
// URL, token, the token for other local users, project folder). Written once
// the listeners are open, removed first when the daemon stops.

#include <filesystem>
#include <string>

namespace hummel {

/// What the runtime file says.
struct runtime_file_info {
  std::filesystem::path socket;
  /// The MCP URL, or empty when HTTP is off.
  std::string url;
  /// Bearer token (only when HTTP listens beyond loopback or one is set).
  std::string token;
  /// The token another local uid presents on loopback HTTP.
  std::string loopback_token;
  std::filesystem::path dir;
  /// Where the local hub links to this daemon (BASP over a unix socket),
  /// and the credential its commands carry; empty when not published.
  std::filesystem::path hub_socket;
  std::string hub_credential;
};

/// The runtime file of this daemon; removes it when destroyed.
class runtime_file {
public:
  /// Writes `info` atomically (temporary file, then rename) to `path`.
  runtime_file(std::filesystem::path path, const runtime_file_info& info);
  ~runtime_file();

  runtime_file(const runtime_file&) = delete;
  runtime_file& operator=(const runtime_file&) = delete;

private:
  std::filesystem::path path_;
};

} // namespace hummel

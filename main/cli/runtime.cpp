#include "main/cli/runtime.hpp"

#include "common/address.hpp"
#include "common/paths.hpp"
#include "common/proc_stat.hpp"
#include "net/runtime_dir.hpp"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace hummel::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::optional<std::string> read_text(const fs::path& p) {
  std::ifstream in{p, std::ios::binary};
  if (!in)
    return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string proc_path(pid_t pid, const char* what) {
  return "/proc/" + std::to_string(pid) + "/" + what;
}

/// Single-quotes `x` for a POSIX shell when it needs quoting.
std::string shell_quote(const std::string& x) {
  bool plain = !x.empty();
  for (char c : x) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '/' || c == '.' || c == '-'
              || c == '_' || c == ':' || c == '=' || c == '@' || c == '+';
    plain = plain && ok;
  }
  if (plain)
    return x;
  std::string out = "'";
  for (char c : x) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string strip_deleted(std::string x) {
  constexpr std::string_view suffix = " (deleted)";
  if (x.size() > suffix.size()
      && x.compare(x.size() - suffix.size(), suffix.size(), suffix) == 0)
    x.resize(x.size() - suffix.size());
  return x;
}

} // namespace

std::optional<runtime_info> parse_runtime_info(std::string_view text,
                                               std::string& error) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = "not a JSON object";
    return std::nullopt;
  }
  runtime_info info;
  auto pid = j.find("pid");
  if (pid == j.end() || !pid->is_number_integer() || pid->get<int64_t>() <= 0
      || pid->get<int64_t>() > (int64_t{1} << 31) - 1) {
    error = "no valid \"pid\"";
    return std::nullopt;
  }
  info.pid = static_cast<pid_t>(pid->get<int64_t>());
  auto start = j.find("start_time");
  if (start == j.end() || !start->is_number_unsigned()) {
    error = "no valid \"start_time\"";
    return std::nullopt;
  }
  info.start_time = start->get<uint64_t>();
  auto string_of = [&](const char* key) -> std::optional<std::string> {
    auto i = j.find(key);
    if (i == j.end() || !i->is_string())
      return std::nullopt;
    return i->get<std::string>();
  };
  info.socket = string_of("socket").value_or("");
  info.dir = string_of("dir").value_or("");
  info.http = string_of("http");
  info.token = string_of("token");
  if (info.http && info.http->empty())
    info.http.reset();
  if (info.token && info.token->empty())
    info.token.reset();
  return info;
}

fs::path runtime_file(std::string_view project_id) {
  return net::runtime_dir() / (std::string{project_id} + ".json");
}

std::optional<runtime_info> read_runtime_info(const fs::path& p,
                                              std::string& error) {
  auto text = read_text(p);
  if (!text) {
    error = "cannot read " + p.string();
    return std::nullopt;
  }
  auto info = parse_runtime_info(*text, error);
  if (!info)
    error = p.string() + ": " + error;
  return info;
}

std::optional<uint64_t> process_start_time(pid_t pid) {
  if (pid <= 0)
    return std::nullopt;
  auto st = read_proc_stat(pid);
  if (!st || st->dead())
    return std::nullopt;
  return st->start_ticks;
}

bool runs_executable(pid_t pid, const fs::path& exe) {
  if (exe.empty())
    return false;
  struct stat theirs {};
  struct stat wanted {};
  auto link = proc_path(pid, "exe");
  if (::stat(link.c_str(), &theirs) == 0 && ::stat(exe.c_str(), &wanted) == 0
      && theirs.st_dev == wanted.st_dev && theirs.st_ino == wanted.st_ino)
    return true;
  // A rebuilt binary: the process still runs the old, deleted inode.
  std::error_code ec;
  auto a = fs::read_symlink(link, ec);
  if (ec)
    return false;
  return strip_deleted(a.string()) == strip_deleted(exe.string());
}

fs::path daemon_executable() {
  auto dir = self_dir();
  if (dir.empty())
    return {};
  return fs::path{strip_deleted(dir.string())} / "hummel-daemon";
}

daemon_state check_daemon(const runtime_info& info, const fs::path& exe) {
  auto start = process_start_time(info.pid);
  if (!start || *start != info.start_time)
    return daemon_state::gone;
  if (!runs_executable(info.pid, exe))
    return daemon_state::stranger;
  // The process might have ended between the checks.
  start = process_start_time(info.pid);
  if (!start || *start != info.start_time)
    return daemon_state::gone;
  return daemon_state::ours;
}

daemon_state check_daemon(const runtime_info& info) {
  return check_daemon(info, daemon_executable());
}

std::string mcp_url(const runtime_info& info) {
  if (!info.http)
    return {};
  // "127.0.0.1:7777", or a whole URL "http://127.0.0.1:7777/mcp".
  std::string addr = *info.http;
  std::string scheme = "http";
  if (auto sep = addr.find("://"); sep != std::string::npos) {
    scheme = addr.substr(0, sep);
    addr = addr.substr(sep + 3);
    if (auto slash = addr.find('/'); slash != std::string::npos)
      addr.resize(slash);
  }
  auto hp = split_host_port(addr);
  if (auto colon = addr.rfind(':'); !hp && colon != std::string::npos)
    hp = split_host_port("[" + addr.substr(0, colon) + "]"
                         + addr.substr(colon)); // IPv6 without brackets
  if (!hp)
    return scheme + "://" + addr + "/mcp";
  // A wildcard listener is reached on loopback.
  if (hp->host == "0.0.0.0" || hp->host.empty())
    hp->host = "127.0.0.1";
  else if (hp->host == "::")
    hp->host = "::1";
  return scheme + "://" + join_host_port(hp->host, hp->port) + "/mcp";
}

std::string setup_text(const runtime_info& info, const fs::path& dir,
                       const fs::path& exe) {
  std::string out;
  auto url = mcp_url(info);
  auto stdio
    = shell_quote(exe.string()) + " mcp --dir " + shell_quote(dir.string());
  if (!url.empty()) {
    // The dashboard shares the port (the token, if any, in the fragment:
    // never sent to a server).
    auto page = url.size() > 3 && url.compare(url.size() - 4, 4, "/mcp") == 0
                  ? url.substr(0, url.size() - 3)
                  : url;
    out += "Dashboard: " + page + (info.token ? "#token=" + *info.token : "")
           + "\n";
    out += "MCP endpoint: " + url + "\n\n";
    std::string header;
    if (info.token)
      header
        = " --header " + shell_quote("Authorization: Bearer " + *info.token);
    out += "Claude Code:\n  claude mcp add --transport http hummel " + url
           + header + "\n";
    json server{{"url", url}};
    if (info.token)
      server["headers"] = {{"Authorization", "Bearer " + *info.token}};
    json cursor{{"mcpServers", {{"hummel", server}}}};
    out += "Cursor (.cursor/mcp.json):\n  " + cursor.dump() + "\n";
  } else {
    out += "No HTTP endpoint (start with --http ADDR:PORT for one).\n";
  }
  out += "stdio (any MCP client):\n  " + stdio + "\n";
  out += "  e.g. claude mcp add hummel -- " + stdio + "\n";
  return out;
}

fs::path self_exe() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    return "hummel";
  return strip_deleted(p.string());
}

} // namespace hummel::cli

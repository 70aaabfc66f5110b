#include "main/cli/runtime.hpp"

#include "common/paths.hpp"
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

std::optional<uint64_t> parse_stat_start_time(std::string_view stat) {
  auto close = stat.rfind(')');
  if (close == std::string_view::npos)
    return std::nullopt;
  // After ") " come fields 3, 4, ...: field 22 is the 20th of them.
  std::string_view rest = stat.substr(close + 1);
  int field = 2;
  size_t pos = 0;
  while (pos < rest.size()) {
    while (pos < rest.size() && rest[pos] == ' ')
      ++pos;
    if (pos >= rest.size())
      break;
    auto end = rest.find(' ', pos);
    if (end == std::string_view::npos)
      end = rest.size();
    ++field;
    if (field == 22) {
      auto tok = rest.substr(pos, end - pos);
      while (!tok.empty() && (tok.back() == '\n' || tok.back() == '\r'))
        tok.remove_suffix(1);
      if (tok.empty())
        return std::nullopt;
      uint64_t v = 0;
      for (char c : tok) {
        if (c < '0' || c > '9')
          return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');
      }
      return v;
    }
    pos = end;
  }
  return std::nullopt;
}

char parse_stat_state(std::string_view stat) {
  auto close = stat.rfind(')');
  if (close == std::string_view::npos || close + 2 >= stat.size()
      || stat[close + 1] != ' ')
    return '\0';
  return stat[close + 2];
}

std::optional<uint64_t> process_start_time(pid_t pid) {
  if (pid <= 0)
    return std::nullopt;
  auto text = read_text(proc_path(pid, "stat"));
  if (!text)
    return std::nullopt;
  auto state = parse_stat_state(*text);
  if (state == 'Z' || state == 'X' || state == '\0')
    return std::nullopt;
  return parse_stat_start_time(*text);
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
  auto colon = addr.rfind(':');
  if (colon == std::string::npos || addr.back() == ']')
    return scheme + "://" + addr + "/mcp";
  auto host = addr.substr(0, colon);
  auto port = addr.substr(colon + 1);
  if (host == "0.0.0.0" || host.empty())
    host = "127.0.0.1";
  else if (host == "::" || host == "[::]")
    host = "[::1]";
  else if (host.find(':') != std::string::npos && host.front() != '[')
    host = "[" + host + "]";
  return scheme + "://" + host + ":" + port + "/mcp";
}

std::string setup_text(const runtime_info& info, const fs::path& dir,
                       const fs::path& exe) {
  std::string out;
  auto url = mcp_url(info);
  auto stdio
    = shell_quote(exe.string()) + " mcp --dir " + shell_quote(dir.string());
  if (!url.empty()) {
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

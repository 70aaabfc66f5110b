#include "common/audit.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace hummel {

namespace {

void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

void put_field(std::string& out, const char* key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  put_string(out, value);
}

std::string iso_time(int64_t ms) {
  auto secs = static_cast<time_t>(ms / 1000);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

} // namespace

std::string audit_line(const audit_record& r) {
  std::string out = "{\"time\":";
  put_string(out, iso_time(r.time_ms));
  out += ",\"time_ms\":" + std::to_string(r.time_ms);
  put_field(out, "transport", r.who.transport);
  if (r.who.uid)
    out += ",\"uid\":" + std::to_string(*r.who.uid);
  if (r.who.pid)
    out += ",\"pid\":" + std::to_string(*r.who.pid);
  if (!r.who.address.empty())
    put_field(out, "address", r.who.address);
  if (!r.who.peer_node.empty())
    put_field(out, "peer_node", r.who.peer_node);
  put_field(out, "what", r.what);
  put_field(out, "target", r.target);
  put_field(out, "result", r.result.substr(0, 200));
  out += "}\n";
  return out;
}

audit_log::audit_log(std::filesystem::path path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    error_ = "cannot open the audit record " + path_.string() + ": "
             + std::strerror(errno);
    return;
  }
  // An older file made under a wider umask is narrowed too.
  ::fchmod(fd_, 0600);
}

audit_log::~audit_log() {
  if (fd_ >= 0)
    ::close(fd_);
}

std::optional<std::string> audit_log::append(const audit_record& r) {
  auto line = audit_line(r);
  std::lock_guard guard{mu_};
  if (fd_ < 0)
    return error_;
  auto n = ::write(fd_, line.data(), line.size());
  if (n < 0)
    return "cannot write the audit record " + path_.string() + ": "
           + std::strerror(errno);
  if (static_cast<size_t>(n) != line.size())
    return "short write to the audit record " + path_.string();
  return std::nullopt;
}

} // namespace hummel

#include "net/http_format.hpp"

#include <boost/beast/http/status.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace hummel::net {

namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

/// Appends `s` without CR, LF and NUL.
void append_clean(std::string& out, std::string_view s) {
  for (char c : s)
    if (c != '\r' && c != '\n' && c != '\0')
      out += c;
}

bool valid_name(std::string_view name) {
  static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0
           || extra.find(c) != std::string_view::npos;
  });
}

bool is_framing(std::string_view name) {
  return iequals(name, "content-length") || iequals(name, "transfer-encoding")
         || iequals(name, "connection");
}

} // namespace

std::string format_sse_event(std::string_view data, std::string_view id,
                             std::optional<int> retry_ms) {
  std::string out;
  out.reserve(data.size() + id.size() + 32);
  if (!id.empty()) {
    out += "id: ";
    append_clean(out, id);
    out += '\n';
  }
  if (retry_ms && *retry_ms >= 0) {
    out += "retry: ";
    out += std::to_string(*retry_ms);
    out += '\n';
  }
  size_t pos = 0;
  for (;;) {
    auto end = data.find_first_of("\r\n", pos);
    auto line = data.substr(
      pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    out += line.empty() ? "data:" : "data: ";
    out += line;
    out += '\n';
    if (end == std::string_view::npos)
      break;
    pos = end + 1;
    if (data[end] == '\r' && pos < data.size() && data[pos] == '\n')
      ++pos;
  }
  out += '\n';
  return out;
}

std::string format_sse_comment(std::string_view text) {
  std::string out = ":";
  if (!text.empty())
    out += ' ';
  for (char c : text)
    out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;
  out += "\n\n";
  return out;
}

std::string format_chunk(std::string_view payload) {
  if (payload.empty())
    return {};
  char size[24];
  auto n = std::snprintf(size, sizeof(size), "%zx\r\n", payload.size());
  std::string out;
  out.reserve(payload.size() + static_cast<size_t>(n) + 2);
  out.append(size, static_cast<size_t>(n));
  out += payload;
  out += "\r\n";
  return out;
}

std::string format_response_head(int status, const http_headers& headers,
                                 const response_framing& framing) {
  namespace http = boost::beast::http;
  if (status < 100 || status > 999)
    status = 500;
  auto reason
    = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status)));
  std::string out = "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out.append(reason.data(), reason.size());
  out += "\r\n";
  for (const auto& [name, value] : headers) {
    if (!valid_name(name) || is_framing(name))
      continue;
    out += name;
    out += ": ";
    append_clean(out, value);
    out += "\r\n";
  }
  if (framing.content_length) {
    out += "Content-Length: ";
    out += std::to_string(*framing.content_length);
    out += "\r\n";
  }
  if (framing.chunked)
    out += "Transfer-Encoding: chunked\r\n";
  if (framing.close)
    out += "Connection: close\r\n";
  else if (framing.explicit_keep_alive)
    out += "Connection: keep-alive\r\n";
  out += "\r\n";
  return out;
}

bool wants_close(const http_headers& headers) {
  for (const auto& [name, value] : headers)
    if (iequals(name, "connection") && iequals(value, "close"))
      return true;
  return false;
}

http_headers with_default(http_headers headers, std::string_view name,
                          std::string_view value) {
  for (const auto& h : headers)
    if (iequals(h.first, name))
      return headers;
  headers.emplace_back(std::string{name}, std::string{value});
  return headers;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size()
         && std::equal(a.begin(), a.end(), b.begin(),
                       [](char x, char y) { return lower(x) == lower(y); });
}

} // namespace hummel::net

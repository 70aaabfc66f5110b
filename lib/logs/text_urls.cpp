// detect_urls, declared in logs/text.hpp.

#include "logs/text.hpp"

#include <algorithm>
#include <array>

namespace hummel {

namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals_at(std::string_view s, size_t pos, std::string_view word) {
  if (pos + word.size() > s.size())
    return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (lower(s[pos + i]) != word[i])
      return false;
  return true;
}

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
         || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Characters that may appear in the path/query/fragment part of a URL.
bool is_url_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7F)
    return false;
  return std::string_view{"\"<>\\^`{|}"}.find(c) == std::string_view::npos;
}

// Returns whether the host that ended at `pos` really ends there (so that
// "localhost.example.com" or "127.0.0.10" are not taken for local hosts).
bool host_ends_at(std::string_view s, size_t pos) {
  if (pos >= s.size())
    return true;
  auto c = s[pos];
  if (is_alnum(c) || c == '-' || c == '_')
    return false;
  if (c == '.')
    return pos + 1 >= s.size() || !is_alnum(s[pos + 1]);
  return true;
}

// Returns the length of a local host at s[pos..), or 0.
size_t match_local_host(std::string_view s, size_t pos) {
  static constexpr std::array<std::string_view, 5> hosts{
    "localhost", "127.0.0.1", "0.0.0.0", "[::1]", "[::]"};
  for (auto host : hosts)
    if (iequals_at(s, pos, host) && host_ends_at(s, pos + host.size()))
      return host.size();
  return 0;
}

// Drops trailing punctuation from s[path_start..end) and returns the new end.
size_t trim_trailing(std::string_view s, size_t path_start, size_t end) {
  while (end > path_start) {
    auto c = s[end - 1];
    if (std::string_view{".,;:!?'\""}.find(c) != std::string_view::npos) {
      --end;
      continue;
    }
    if (c == ')' || c == ']') {
      auto open = c == ')' ? '(' : '[';
      auto part = s.substr(path_start, end - path_start);
      auto opens = std::count(part.begin(), part.end(), open);
      auto closes = std::count(part.begin(), part.end(), c);
      if (closes > opens) {
        --end;
        continue;
      }
    }
    break;
  }
  return end;
}

} // namespace

std::vector<std::string> detect_urls(std::string_view line) {
  std::vector<std::string> result;
  auto text = strip_ansi(line);
  std::string_view s{text};
  size_t from = 0;
  while (true) {
    auto sep = s.find("://", from);
    if (sep == std::string_view::npos)
      break;
    from = sep + 3;
    size_t start;
    if (sep >= 5 && iequals_at(s, sep - 5, "https"))
      start = sep - 5;
    else if (sep >= 4 && iequals_at(s, sep - 4, "http"))
      start = sep - 4;
    else
      continue;
    if (start > 0 && is_alnum(s[start - 1]))
      continue;
    auto host_len = match_local_host(s, sep + 3);
    if (host_len == 0)
      continue;
    auto end = sep + 3 + host_len;
    if (end + 1 < s.size() && s[end] == ':' && is_digit(s[end + 1])) {
      auto port_end = end + 1;
      while (port_end < s.size() && is_digit(s[port_end]))
        ++port_end;
      if (port_end - end - 1 > 5 || !host_ends_at(s, port_end))
        continue;
      end = port_end;
    }
    if (end < s.size() && (s[end] == '/' || s[end] == '?' || s[end] == '#')) {
      auto path_start = end;
      while (end < s.size() && is_url_char(s[end]))
        ++end;
      end = trim_trailing(s, path_start, end);
    }
    from = end;
    std::string url{s.substr(start, end - start)};
    // A wildcard address (listening on every interface) is no address to
    // open: Python's http.server prints http://0.0.0.0:8000/, Chrome
    // refuses 0.0.0.0, Windows cannot reach it.
    auto host = s.substr(sep + 3, host_len);
    if (host == "0.0.0.0" || host == "[::]")
      url.replace(sep + 3 - start, host_len, "localhost");
    if (std::find(result.begin(), result.end(), url) == result.end())
      result.push_back(std::move(url));
  }
  return result;
}

} // namespace hummel

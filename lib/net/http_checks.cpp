#include "net/http_checks.hpp"

#include "net/http_format.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace hummel::net {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 5
         && std::all_of(s.begin(), s.end(),
                        [](char c) { return c >= '0' && c <= '9'; });
}

/// A "name[:port]" authority split in two; `ok` false if unparsable.
struct authority {
  std::string_view name;
  std::string_view port; // empty if absent
  bool ok = false;
};

authority split_authority(std::string_view s) {
  authority a;
  if (s.empty())
    return a;
  if (s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string_view::npos)
      return a;
    a.name = s.substr(0, close + 1);
    auto rest = s.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':' || !all_digits(rest.substr(1)))
        return a;
      a.port = rest.substr(1);
    }
    a.ok = true;
    return a;
  }
  auto colon = s.find(':');
  if (colon == std::string_view::npos) {
    a.name = s;
  } else {
    a.name = s.substr(0, colon);
    a.port = s.substr(colon + 1);
    if (!all_digits(a.port))
      return a;
  }
  a.ok
    = !a.name.empty() && std::none_of(a.name.begin(), a.name.end(), [](char c) {
        return c == '/' || c == '@' || c == ' ' || c == '\\';
      });
  return a;
}

bool is_loopback_name(std::string_view name) {
  return iequals(name, "localhost") || name == "127.0.0.1" || name == "[::1]";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string_view strip_slash(std::string_view s) {
  if (!s.empty() && s.back() == '/')
    s.remove_suffix(1);
  return s;
}

} // namespace

bool host_allowed(std::string_view host, uint16_t port,
                  const http_options& opts) {
  if (!opts.loopback_only_hosts)
    return true;
  host = trim(host);
  auto a = split_authority(host);
  if (!a.ok)
    return false;
  for (const auto& allowed : opts.allowed_hosts)
    if (iequals(allowed, host) || iequals(allowed, a.name))
      return true;
  if (!is_loopback_name(a.name))
    return false;
  return a.port.empty() || a.port == std::to_string(port);
}

bool origin_allowed(std::string_view origin, const http_options& opts) {
  origin = trim(origin);
  for (const auto& allowed : opts.allowed_origins)
    if (iequals(strip_slash(allowed), strip_slash(origin)))
      return true;
  std::string_view rest;
  if (origin.size() > 7 && iequals(origin.substr(0, 7), "http://"))
    rest = origin.substr(7);
  else if (origin.size() > 8 && iequals(origin.substr(0, 8), "https://"))
    rest = origin.substr(8);
  else
    return false;
  auto a = split_authority(strip_slash(rest));
  return a.ok && is_loopback_name(a.name);
}

bool bearer_ok(const std::string* authorization, std::string_view token) {
  if (authorization == nullptr || token.empty())
    return false;
  auto v = trim(*authorization);
  if (v.size() < 7 || !iequals(v.substr(0, 7), "bearer "))
    return false;
  auto given = trim(v.substr(7));
  // Constant time in the content: always walk the expected token.
  unsigned diff = given.size() == token.size() ? 0u : 1u;
  for (size_t i = 0; i < token.size(); ++i) {
    char g = i < given.size() ? given[i] : '\0';
    diff |= static_cast<unsigned>(static_cast<unsigned char>(g)
                                  ^ static_cast<unsigned char>(token[i]));
  }
  return diff == 0;
}

access_decision decide_access(const http_options& opts,
                              const peer_identity& peer,
                              const std::string* authorization) {
  if (!opts.bearer_token.empty() && bearer_ok(authorization, opts.bearer_token))
    return {};
  const auto& owner = opts.owner_uid;
  if (owner && peer.uid && (*peer.uid == *owner || *peer.uid == 0))
    return {};
  if (owner && peer.loopback) {
    std::string who = peer.uid ? "uid " + std::to_string(*peer.uid)
                               : "a connection whose uid is unknown";
    return {403, "forbidden: this daemon belongs to uid "
                   + std::to_string(*owner) + " and " + who
                   + " is not it; present its token (Authorization: Bearer, "
                     "from the daemon's runtime file)"};
  }
  if (opts.bearer_token.empty() && !owner)
    return {};
  return {401, "unauthorized: a valid bearer token is required"};
}

bool path_matches(std::string_view target, std::string_view path) {
  auto end = target.find_first_of("?#");
  if (end != std::string_view::npos)
    target = target.substr(0, end);
  return target == path;
}

std::string size_text(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
    return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0)
    return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::string json_rpc_error_body(std::string_view message, int code) {
  std::string out = R"({"jsonrpc":"2.0","id":null,"error":{"code":)";
  out += std::to_string(code);
  out += R"(,"message":")";
  static constexpr std::array<char, 16> hex
    = {'0', '1', '2', '3', '4', '5', '6', '7',
       '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  for (char c : message) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  out += "\"}}";
  return out;
}

} // namespace hummel::net

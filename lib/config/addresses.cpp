// Validation of the addresses hummel.toml mentions: the daemon's listen
// address and readiness URLs.

#include "config/detail/internal.hpp"

namespace hummel::config_detail {

namespace {

/// True for 1 to 5 digits forming a number in [min, 65535].
bool is_port(std::string_view port, int min) {
  if (port.empty() || port.size() > 5)
    return false;
  int n = 0;
  for (char c : port) {
    if (c < '0' || c > '9')
      return false;
    n = n * 10 + (c - '0');
  }
  return n >= min && n <= 65535;
}

} // namespace

bool is_valid_listen_address(std::string_view s) {
  if (s == "off")
    return true;
  size_t colon = s.rfind(':');
  return colon != std::string_view::npos && colon != 0
         && is_port(s.substr(colon + 1), 0);
}

bool is_http_url(std::string_view url) {
  if (!url.starts_with("http://"))
    return false;
  std::string_view rest = url.substr(7);
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.starts_with('[')) { // [v6] or [v6]:port
    size_t close = host.find(']');
    if (close == std::string_view::npos)
      return false;
    std::string_view after = host.substr(close + 1);
    if (!after.empty()
        && (after.front() != ':' || !is_port(after.substr(1), 1)))
      return false;
    return close > 1;
  }
  if (size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    if (!is_port(host.substr(colon + 1), 1))
      return false;
    host = host.substr(0, colon);
  }
  return !host.empty();
}

} // namespace hummel::config_detail

#include "common/address.hpp"

#include <charconv>

namespace hummel {

std::optional<host_port> split_host_port(std::string_view address) {
  auto colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return std::nullopt;
  auto host = address.substr(0, colon);
  auto port = address.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']')
      return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return std::nullopt; // IPv6 needs brackets
  }
  unsigned value = 0;
  auto [end, err]
    = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || err != std::errc{} || end != port.data() + port.size()
      || value > 65535)
    return std::nullopt;
  return host_port{std::string{host}, static_cast<uint16_t>(value)};
}

std::string join_host_port(std::string_view host, uint16_t port) {
  std::string out;
  if (host.find(':') != std::string_view::npos && !host.starts_with('['))
    out.append("[").append(host).append("]");
  else
    out.append(host);
  return out.append(":").append(std::to_string(port));
}

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host == "[::1]"
         || host.starts_with("127.");
}

} // namespace hummel

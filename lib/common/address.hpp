#pragma once

// "host:port" addresses as hummel.toml, flags and peers write them, and the
// loopback rule every listener applies.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hummel {

/// A "host:port" address split in two. IPv6 hosts are written in brackets
/// ("[::1]:4700"); `host` holds them without.
struct host_port {
  std::string host;
  uint16_t port = 0;
};

/// Splits "host:port"; nullopt when malformed or the port is outside
/// 0..65535.
std::optional<host_port> split_host_port(std::string_view address);

/// "host:port", with brackets around an IPv6 host.
std::string join_host_port(std::string_view host, uint16_t port);

/// True for localhost, 127.0.0.0/8 and ::1 (bracketed or not).
bool is_loopback_host(std::string_view host);

} // namespace hummel

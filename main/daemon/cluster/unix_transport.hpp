#pragma once

// BASP over unix sockets: the transport of the local hub's links. CAF 0.17
// speaks BASP over TCP only, but its middleman actor creates connections and
// listeners through two virtual functions (`connect`, `open`), which the
// OpenSSL module overrides for TLS. This one overrides them for AF_UNIX:
// `connect_atom, path, port` connects to the socket at `path`, and
// publishing at `path` listens there (mode 0600, in the private runtime
// folder). The accepting side checks SO_PEERCRED and closes a connection
// from another uid before BASP reads a byte, so only this user's processes
// reach a node published this way; everything above the byte stream (the
// handshake, the application identifier, heartbeats, proxies) is CAF's own.
//
// BASP keys published actors by port; a unix listener has none, so it
// reports `unix_link_port` (never a TCP port CAF publishes: port 1 needs
// root and nothing in hummel asks for it).
//
// Thread safety: the connector is an actor; `publish_unix` blocks its
// calling thread (not a scheduler thread) for the answer.

#include <caf/fwd.hpp>
#include <caf/io/middleman_actor.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>

namespace hummel {

/// The port a unix listener reports to BASP.
inline constexpr uint16_t unix_link_port = 1;

/// Spawns the middleman actor that links over unix sockets (the middleman
/// must be loaded).
caf::io::middleman_actor unix_connector(caf::actor_system& sys);

/// Publishes `whom` (with the message types `sigs`) at the unix socket
/// `path` through `connector`; replaces a stale socket file. Returns the
/// reported port or why it failed.
std::variant<uint16_t, std::string>
publish_unix(caf::actor_system& sys, const caf::io::middleman_actor& connector,
             const caf::strong_actor_ptr& whom, std::set<std::string> sigs,
             const std::filesystem::path& path);

} // namespace hummel

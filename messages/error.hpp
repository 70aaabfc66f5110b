#pragma once

// The project's error codes, carried by caf::error between actors.

#include <caf/error.hpp>
#include <caf/make_message.hpp>

#include <cstdint>
#include <string>

namespace hummel {

/// Everything that can go wrong in hummel, as a value.
enum class ec : uint8_t {
  unknown_process = 1, ///< no definition with that name
  spawn_failed,        ///< command not found, bad cwd, ...
  invalid_config,      ///< hummel.toml or package.json refused
  dependency_failed,   ///< a dependency failed before its condition held
  crashed,             ///< max_restarts reached
  shutting_down,       ///< the daemon is stopping
  timeout,             ///< an operation took too long
  not_permitted,       ///< remote control refused by a node's settings
  unreachable,         ///< a node that is unknown or not linked
  io_failed,           ///< a file could not be written, cut or removed
};

/// "unknown_process", ...
std::string to_string(ec x);

/// The reason an error carries in its context (a single string, as
/// `caf::make_error(ec::x, "why")` makes it), or "" when it has none.
std::string reason_of(const caf::error& err);

} // namespace hummel

CAF_ERROR_CODE_ENUM(hummel::ec, "hummel")

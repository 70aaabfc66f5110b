#pragma once

// The one registration function, used by the daemon and by every test.

#include <caf/fwd.hpp>

namespace hummel {

/// Registers hummel's type-ID block and error category with `cfg`.
void prepare(caf::actor_system_config& cfg);

} // namespace hummel

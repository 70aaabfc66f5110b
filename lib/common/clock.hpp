#pragma once

// The wall clock, for code that is not an actor. Actors read time through
// their own clock (actors/detail/clock.hpp) so tests can drive it.

#include <cstdint>

namespace hummel {

/// Unix epoch milliseconds now.
int64_t wall_ms();

} // namespace hummel

#pragma once

// Time as actors see it: read from the actor's own clock, so a running
// daemon gets the real time and a test on the test_coordinator gets the
// fake clock that `advance_time` moves. Actors never read the system clock
// directly.

#include <caf/actor_clock.hpp>
#include <caf/fwd.hpp>

#include <cstdint>

namespace hummel::detail {

/// Now on `self`'s clock, for deadlines (`local_actor::now()` is declared
/// by CAF 0.17 but not exported by Debian's libcaf_core: ask the clock).
caf::actor_clock::time_point now(const caf::local_actor* self);

/// Milliseconds since the Unix epoch on `self`'s clock. The real clock is
/// mapped to the wall clock once per process (first call); a fake clock
/// starts near that point and moves only when the test advances it.
int64_t wall_ms(const caf::local_actor* self);

} // namespace hummel::detail

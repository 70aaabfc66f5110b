#include "actors/detail/clock.hpp"

#include <caf/local_actor.hpp>

#include <chrono>

namespace hummel::detail {

namespace {

using namespace std::chrono;

struct anchor {
  steady_clock::time_point steady = steady_clock::now();
  int64_t wall_ms
    = duration_cast<milliseconds>(system_clock::now().time_since_epoch())
        .count();
};

const anchor& the_anchor() {
  static const anchor a;
  return a;
}

} // namespace

caf::actor_clock::time_point now(const caf::local_actor* self) {
  // Not self->now(): libcaf_core 0.17.6 declares local_actor::now() but
  // never defines it (undefined reference at link time).
  return self->clock().now();
}

int64_t wall_ms(const caf::local_actor* self) {
  const auto& a = the_anchor();
  auto t = now(self);
  // A fake clock counts from its own zero: place that zero at the anchor.
  if (t.time_since_epoch() < a.steady.time_since_epoch() / 2)
    return a.wall_ms
           + duration_cast<milliseconds>(t.time_since_epoch()).count();
  return a.wall_ms + duration_cast<milliseconds>(t - a.steady).count();
}

} // namespace hummel::detail

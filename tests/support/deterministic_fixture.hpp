#pragma once

// A GoogleTest fixture over CAF's test_coordinator: messages are delivered
// one at a time, on the test's thread, and time moves only when the test
// advances the fake clock.

#include "messages/prepare.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/atom.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>

#include <gtest/gtest.h>

namespace hummel::test {

/// Deterministic actor system for one test.
class deterministic_fixture : public ::testing::Test {
protected:
  deterministic_fixture()
    : sys(init(cfg)),
      sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())),
      self(sys, true) {
    // nop
  }

  ~deterministic_fixture() override {
    run();
  }

  /// Dispatches messages and fires due timeouts until nothing is left.
  size_t run() {
    return sched.run();
  }

  /// Advances the fake clock; delayed messages become due (then `run`).
  size_t advance_time(caf::timespan t) {
    auto n = sched.clock().advance_time(t);
    run();
    return n;
  }

  /// Sends a request from the scoped actor, runs everything, and returns
  /// the single reply (or the error).
  template <class T, class Handle, class... Ts>
  caf::expected<T> request(const Handle& dest, Ts&&... xs) {
    auto handle = self->request(dest, caf::infinite, std::forward<Ts>(xs)...);
    run();
    caf::expected<T> result = caf::sec::request_timeout;
    std::move(handle).receive(
      [&](T& x) { result = std::move(x); },
      [&](caf::error& err) { result = std::move(err); });
    return result;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  caf::scoped_actor self;

private:
  static caf::actor_system_config& init(caf::actor_system_config& cfg) {
    prepare(cfg);
    cfg.set("scheduler.policy", caf::atom("testing"));
    cfg.set("logger.console-verbosity", caf::atom("quiet"));
    cfg.set("logger.file-verbosity", caf::atom("quiet"));
    return cfg;
  }
};

} // namespace hummel::test

// Misuse of a read guard that the compiler cannot see aborts with a clear
// message: a guard released on another thread, or before a guard taken
// after it on the same thread. Both would otherwise unpin memory that is
// still read.
#include "viewcell/epoch.hpp"
#include "viewcell/view_cell.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

namespace {

using hummel::view_cell;

struct value {
  int version = 0;
};

view_cell<value>& cell() {
  static view_cell<value> c{std::make_unique<const value>()};
  return c;
}

class guard_misuse_death_test : public testing::Test {
protected:
  void SetUp() override {
    // The epoch reclaimer is a thread: re-execute for each death test.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
  }
};

TEST_F(guard_misuse_death_test, release_on_another_thread_aborts) {
  EXPECT_DEATH(
    {
      auto* guard = new auto(cell().read());
      std::thread([guard] { delete guard; }).join();
    },
    "released on another thread");
}

TEST_F(guard_misuse_death_test, release_on_another_reading_thread_aborts) {
  EXPECT_DEATH(
    {
      auto* guard = new auto(cell().read());
      std::thread([guard] {
        auto own = cell().read(); // this thread has its own slot
        delete guard;
      }).join();
    },
    "released on another thread");
}

TEST_F(guard_misuse_death_test, out_of_order_release_aborts) {
  EXPECT_DEATH(
    {
      auto* outer = new auto(cell().read());
      auto* inner = new auto(cell().read());
      delete outer; // inner is still open
      delete inner;
    },
    "released out of order");
}

TEST(guard_misuse, nested_guards_in_order_are_fine) {
  auto* outer = new auto(cell().read());
  auto* inner = new auto(cell().read());
  EXPECT_TRUE(hummel::epoch::in_read_section());
  delete inner;
  EXPECT_TRUE(hummel::epoch::in_read_section());
  delete outer;
  EXPECT_FALSE(hummel::epoch::in_read_section());
}

} // namespace

// cluster_status exports the view cell's health: the reader mode, the
// backlog of retired views, and the thread id and age of the oldest pin,
// so a stuck reader can be named.

#include "actors/cluster_view.hpp"
#include "viewcell/epoch.hpp"

#include "mcp_session_support.hpp"
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

namespace hummel {
namespace {

using test::json;
using namespace std::chrono_literals;

class mcp_view_cell_metrics : public test::mcp_session_fixture {};

TEST_F(mcp_view_cell_metrics, cluster_status_names_a_stuck_reader) {
  view_cell<cluster_view> cluster{cell.with(
    [](const status_view& v) { return make_local_cluster_view(v, ""); })};
  ctx.cluster_cell = &cluster;
  ASSERT_TRUE(epoch::synchronize());
  std::promise<int> pinned;
  std::promise<void> release;
  std::thread reader{[&, done = release.get_future()] {
    auto v = cell.read();
    pinned.set_value(static_cast<int>(gettid()));
    done.wait();
  }};
  const int tid = pinned.get_future().get();
  view_cell<int> junk{std::make_unique<const int>(0)};
  for (int k = 1; k <= 10; ++k)
    junk.publish(std::make_unique<const int>(k));
  // Lets the reclaimer scan (and see the pin) while the reader holds on.
  EXPECT_FALSE(epoch::synchronize(100ms));
  auto s = session();
  auto r = result_of(call(s, "cluster_status", json::object()));
  const auto& vc = r["view_cell"];
  EXPECT_GE(vc["backlog"].get<int64_t>(), 10) << r;
  EXPECT_EQ(vc["oldest_pin_thread"], tid) << r;
  EXPECT_GE(vc["oldest_pin_ms"].get<int64_t>(), 0);
  EXPECT_TRUE(vc["mode"] == "membarrier" || vc["mode"] == "fenced");
  release.set_value();
  reader.join();
  ASSERT_TRUE(epoch::synchronize());
  r = result_of(call(s, "cluster_status", json::object()));
  EXPECT_EQ(r["view_cell"]["backlog"], 0) << r;
  EXPECT_TRUE(r["view_cell"]["oldest_pin_thread"].is_null()) << r;
}

} // namespace
} // namespace hummel

// Round trips of the values that cross the network between cluster nodes
// (messages/cluster_wire.hpp) through CAF 0.17's binary serializer.

#include "tests/messages/wire_support.hpp"

#include <caf/detail/ieee_754.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hummel {
namespace {

using test::expect_same;
using test::roundtrip;

template <class T>
using lim = std::numeric_limits<T>;

// A new field must go into `inspect` (cluster_wire.hpp) and expect_same
// (wire_support.hpp); these counts make sure nobody forgets.
static_assert(test::field_count<process_snapshot>() == 24);
static_assert(test::field_count<node_view>() == 5);
static_assert(test::field_count<node_delta>() == 6);

/// Every field set, none to its default.
process_snapshot full_snapshot() {
  process_snapshot x;
  x.name = "web";
  x.index = 7;
  x.kind = process_kind::script;
  x.command = "npm run dev -- --port 3000";
  x.status = process_status::stopping;
  x.ready = true;
  x.run_id = 12;
  x.pid = 4242;
  x.start_ms = 1'700'000'000'123;
  x.end_ms = 1'700'000'000'456;
  x.exit_code = 143;
  x.signal = 15;
  x.restarts = 3;
  x.cpu_percent = 37.25;
  x.rss_bytes = uint64_t{512} << 20;
  x.urls = {"http://localhost:3000/", "http://127.0.0.1:3001/api"};
  x.error = "command not found: nope";
  x.restart_due_ms = 1'700'000'001'000;
  x.last_seq = 99'999;
  x.restart_reason = "file changed: src/app.ts";
  x.log_degraded = "write /s/logs/web.log: No space left on device";
  x.error_count = 7;
  x.last_error = "python-traceback: ValueError: bad (app.py:2)";
  x.grace_ms = 12'500;
  return x;
}

/// Every integer field at its largest value.
process_snapshot max_snapshot() {
  auto x = full_snapshot();
  x.index = lim<uint32_t>::max();
  x.run_id = lim<uint32_t>::max();
  x.pid = lim<int32_t>::max();
  x.start_ms = lim<int64_t>::max();
  x.end_ms = lim<int64_t>::max();
  x.exit_code = lim<int32_t>::max();
  x.signal = lim<int32_t>::max();
  x.restarts = lim<uint32_t>::max();
  x.cpu_percent = lim<double>::max();
  x.rss_bytes = lim<uint64_t>::max();
  x.restart_due_ms = lim<int64_t>::max();
  x.last_seq = lim<uint64_t>::max();
  x.error_count = lim<uint32_t>::max();
  return x;
}

/// Every signed field at its smallest value.
process_snapshot min_snapshot() {
  auto x = full_snapshot();
  x.pid = lim<int32_t>::min();
  x.start_ms = lim<int64_t>::min();
  x.end_ms = lim<int64_t>::min();
  x.exit_code = lim<int32_t>::min();
  x.signal = lim<int32_t>::min();
  x.cpu_percent = lim<double>::lowest();
  x.restart_due_ms = lim<int64_t>::min();
  return x;
}

class wire_roundtrip_test : public test::deterministic_fixture {};

TEST_F(wire_roundtrip_test, default_snapshot_round_trips) {
  process_snapshot x;
  expect_same(roundtrip(sys, x), x);
}

TEST_F(wire_roundtrip_test, snapshot_with_every_field_set_round_trips) {
  auto x = full_snapshot();
  expect_same(roundtrip(sys, x), x);
}

TEST_F(wire_roundtrip_test, snapshot_with_max_integers_round_trips) {
  auto x = max_snapshot();
  expect_same(roundtrip(sys, x), x);
}

TEST_F(wire_roundtrip_test, snapshot_with_min_integers_round_trips) {
  auto x = min_snapshot();
  expect_same(roundtrip(sys, x), x);
}

TEST_F(wire_roundtrip_test, every_status_and_kind_round_trips) {
  using s = process_status;
  for (auto status : {s::idle, s::waiting, s::running, s::stopping, s::backoff,
                      s::succeeded, s::failed, s::stopped, s::crashed})
    for (auto kind : {process_kind::service, process_kind::script}) {
      auto x = full_snapshot();
      x.status = status;
      x.kind = kind;
      auto y = roundtrip(sys, x);
      EXPECT_EQ(y.status, status) << to_string(status);
      EXPECT_EQ(y.kind, kind);
    }
}

TEST_F(wire_roundtrip_test, finite_cpu_values_round_trip_exactly) {
  // CAF 0.17 packs doubles by hand (ieee_754.hpp): exact for normal
  // finite values; the PROCESS actor never publishes anything else.
  for (double cpu : {0.0, 0.1, 1.0 / 3.0, 99.95, 400.0, 1e-300, 1e300,
                     lim<double>::min(), lim<double>::epsilon(), -12.5}) {
    auto x = full_snapshot();
    x.cpu_percent = cpu;
    EXPECT_EQ(roundtrip(sys, x).cpu_percent, cpu) << cpu;
  }
}

TEST_F(wire_roundtrip_test, a_peers_infinite_cpu_is_read_as_zero) {
  // Bytes a peer can send: cpu_percent packed with the largest exponent,
  // which CAF 0.17's unpack754 reads as infinity; its pack754 never returns
  // for infinity, so writing such a snapshot again would hang. Found by
  // fuzz/cluster_wire_fuzz.cpp (a timeout in pack754).
  auto x = full_snapshot();
  x.cpu_percent = 0.5;
  auto bytes = test::to_bytes(sys, x);
  auto half = test::to_bytes(sys, caf::detail::pack754(0.5));
  auto inf = test::to_bytes(sys, uint64_t{0x7FF0000000000000});
  auto at = std::search(bytes.begin(), bytes.end(), half.begin(), half.end());
  ASSERT_NE(at, bytes.end());
  std::copy(inf.begin(), inf.end(), at);
  auto y = test::from_bytes<process_snapshot>(sys, bytes);
  ASSERT_TRUE(std::isfinite(y.cpu_percent)) << y.cpu_percent;
  EXPECT_EQ(y.cpu_percent, 0.0);
  EXPECT_EQ(roundtrip(sys, y).cpu_percent, 0.0) << "and it is written again";
}

TEST_F(wire_roundtrip_test, edge_strings_round_trip) {
  auto x = full_snapshot();
  x.name = "";
  x.command = "echo 'héllo wörld' && printf '日本語 🚀'";
  x.error = std::string("nul\0inside\xff\xfe not utf-8", 23);
  x.urls = {"", "http://[::1]:8080/ü", std::string(100'000, 'u')};
  auto y = roundtrip(sys, x);
  expect_same(y, x);
  EXPECT_EQ(y.error.size(), 23u);
  EXPECT_EQ(y.urls[2].size(), 100'000u);
}

TEST_F(wire_roundtrip_test, empty_urls_round_trip_empty) {
  auto x = full_snapshot();
  x.urls.clear();
  EXPECT_TRUE(roundtrip(sys, x).urls.empty());
}

TEST_F(wire_roundtrip_test, strings_are_not_confused_with_their_neighbours) {
  // Adjacent strings and vectors: lengths must delimit them exactly.
  auto x = full_snapshot();
  x.name = "a";
  x.command = "";
  x.urls = {"", "", "b"};
  x.error = "";
  expect_same(roundtrip(sys, x), x);
}

TEST_F(wire_roundtrip_test, empty_node_view_round_trips) {
  node_view x;
  expect_same(roundtrip(sys, x), x);
}

TEST_F(wire_roundtrip_test, node_view_with_many_processes_round_trips) {
  node_view x;
  x.node = "büro-linux-01";
  x.version = lim<uint64_t>::max();
  x.built_ms = lim<int64_t>::min();
  x.remote_control = true;
  for (uint32_t i = 0; i < 300; ++i) {
    auto p = i % 3 == 0 ? full_snapshot()
                        : (i % 3 == 1 ? max_snapshot() : process_snapshot{});
    p.index = i;
    p.name = "p" + std::to_string(i);
    x.processes.push_back(std::move(p));
  }
  auto y = roundtrip(sys, x);
  expect_same(y, x);
}

TEST_F(wire_roundtrip_test, node_delta_round_trips) {
  node_delta x;
  x.node = "node-b";
  x.from_version = 41;
  x.to_version = 42;
  x.built_ms = 1'700'000'000'000;
  x.changed = {full_snapshot(), min_snapshot()};
  x.removed = {3, lim<uint32_t>::max()};
  expect_same(roundtrip(sys, x), x);
}

TEST_F(wire_roundtrip_test, keep_alive_delta_round_trips_empty) {
  node_delta x;
  x.node = "";
  x.from_version = x.to_version = lim<uint64_t>::max();
  auto y = roundtrip(sys, x);
  expect_same(y, x);
  EXPECT_TRUE(y.changed.empty());
}

TEST_F(wire_roundtrip_test, two_values_in_one_buffer_read_back_in_order) {
  // A message carries several values back to back.
  std::vector<char> buf;
  {
    caf::binary_serializer sink{sys, buf};
    auto a = full_snapshot();
    auto b = node_delta{"n", 1, 2, 3, {max_snapshot()}, {7}};
    ASSERT_FALSE(sink(a, b));
  }
  process_snapshot a;
  node_delta b;
  caf::binary_deserializer source{sys, buf};
  ASSERT_FALSE(source(a, b));
  EXPECT_EQ(source.remaining(), 0u);
  expect_same(a, full_snapshot());
  expect_same(b, node_delta{"n", 1, 2, 3, {max_snapshot()}, {7}});
}

TEST_F(wire_roundtrip_test, truncated_bytes_fail_instead_of_inventing_values) {
  auto buf = test::to_bytes(sys, full_snapshot());
  ASSERT_GT(buf.size(), 8u);
  for (size_t cut : {size_t{0}, size_t{1}, buf.size() / 2, buf.size() - 1}) {
    std::vector<char> part(buf.begin(), buf.begin() + cut);
    process_snapshot y;
    caf::binary_deserializer source{sys, part};
    EXPECT_TRUE(source(y)) << "cut at " << cut << " of " << buf.size();
  }
}

} // namespace
} // namespace hummel

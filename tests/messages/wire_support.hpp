#pragma once

// Helpers for the wire round-trip tests: serialise with CAF 0.17's
// binary_serializer, read back with binary_deserializer, compare fields.

#include "messages/cluster_wire.hpp"
#include "messages/interfaces.hpp"
#include "tests/support/deterministic_fixture.hpp"

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include <cstddef>
#include <vector>

namespace hummel::test {

/// Converts to anything; counts the fields of an aggregate (below).
struct any_field {
  template <class T>
  operator T&() const&&; // never defined: unevaluated use only
};

/// The number of fields of aggregate `T` (the largest brace init count).
template <class T, class... Fs>
constexpr size_t field_count() {
  if constexpr (requires { T{Fs{}..., any_field{}}; })
    return field_count<T, Fs..., any_field>();
  else
    return sizeof...(Fs);
}

/// The bytes CAF writes for `x` (through its `inspect` overload).
template <class T>
std::vector<char> to_bytes(caf::actor_system& sys, T x) {
  std::vector<char> buf;
  caf::binary_serializer sink{sys, buf};
  if (auto err = sink(x))
    ADD_FAILURE() << "serialize: " << sys.render(err);
  return buf;
}

/// Reads a `T` from `buf`; every byte must be used.
template <class T>
T from_bytes(caf::actor_system& sys, const std::vector<char>& buf) {
  T result;
  caf::binary_deserializer source{sys, buf};
  if (auto err = source(result))
    ADD_FAILURE() << "deserialize: " << sys.render(err);
  EXPECT_EQ(source.remaining(), 0u) << "bytes left over";
  return result;
}

/// Serialises `x` and reads it back.
template <class T>
T roundtrip(caf::actor_system& sys, const T& x) {
  return from_bytes<T>(sys, to_bytes(sys, x));
}

/// Compares every field of two snapshots (the 19 of process_snapshot).
inline void expect_same(const process_snapshot& a, const process_snapshot& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.command, b.command);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.ready, b.ready);
  EXPECT_EQ(a.run_id, b.run_id);
  EXPECT_EQ(a.pid, b.pid);
  EXPECT_EQ(a.start_ms, b.start_ms);
  EXPECT_EQ(a.end_ms, b.end_ms);
  EXPECT_EQ(a.exit_code, b.exit_code);
  EXPECT_EQ(a.signal, b.signal);
  EXPECT_EQ(a.restarts, b.restarts);
  EXPECT_EQ(a.cpu_percent, b.cpu_percent);
  EXPECT_EQ(a.rss_bytes, b.rss_bytes);
  EXPECT_EQ(a.urls, b.urls);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.restart_due_ms, b.restart_due_ms);
  EXPECT_EQ(a.last_seq, b.last_seq);
  EXPECT_EQ(a.log_degraded, b.log_degraded);
  EXPECT_EQ(a.error_count, b.error_count);
  EXPECT_EQ(a.last_error, b.last_error);
  EXPECT_EQ(a.grace_ms, b.grace_ms);
}

/// Compares processes element by element.
inline void expect_same(const std::vector<process_snapshot>& a,
                        const std::vector<process_snapshot>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE("process " + std::to_string(i));
    expect_same(a[i], b[i]);
  }
}

inline void expect_same(const node_view& a, const node_view& b) {
  EXPECT_EQ(a.node, b.node);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.built_ms, b.built_ms);
  EXPECT_EQ(a.remote_control, b.remote_control);
  expect_same(a.processes, b.processes);
}

inline void expect_same(const node_delta& a, const node_delta& b) {
  EXPECT_EQ(a.node, b.node);
  EXPECT_EQ(a.from_version, b.from_version);
  EXPECT_EQ(a.to_version, b.to_version);
  EXPECT_EQ(a.built_ms, b.built_ms);
  expect_same(a.changed, b.changed);
  EXPECT_EQ(a.removed, b.removed);
}

} // namespace hummel::test

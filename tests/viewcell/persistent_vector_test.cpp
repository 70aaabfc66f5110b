#include "viewcell/persistent_vector.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using hummel::persistent_vector;

template <class T>
std::vector<T> to_std(const persistent_vector<T>& v) {
  std::vector<T> out;
  v.for_each([&](const T& x) { out.push_back(x); });
  return out;
}

persistent_vector<int> iota(std::size_t n) {
  persistent_vector<int> v;
  for (std::size_t i = 0; i < n; ++i)
    v = v.push_back(static_cast<int>(i));
  return v;
}

/// Counts live instances, to check that shared nodes are freed exactly once.
struct tracked {
  static inline std::atomic<long> live{0};
  int value = 0;
  explicit tracked(int v) : value(v) {
    ++live;
  }
  tracked(const tracked& o) : value(o.value) {
    ++live;
  }
  tracked(tracked&& o) noexcept : value(o.value) {
    ++live;
  }
  ~tracked() {
    --live;
  }
};

TEST(persistent_vector, empty) {
  persistent_vector<int> v;
  EXPECT_EQ(v.size(), 0u);
  EXPECT_TRUE(v.empty());
  EXPECT_TRUE(to_std(v).empty());
}

TEST(persistent_vector, boundary_sizes) {
  for (std::size_t n : {1u, 31u, 32u, 33u, 1024u, 1025u, 40000u}) {
    SCOPED_TRACE(n);
    const auto v = iota(n);
    ASSERT_EQ(v.size(), n);
    for (std::size_t i = 0; i < n; ++i)
      ASSERT_EQ(v[i], static_cast<int>(i));
    const auto all = to_std(v);
    ASSERT_EQ(all.size(), n);
    for (std::size_t i = 0; i < n; ++i)
      ASSERT_EQ(all[i], static_cast<int>(i));
    // Set the first, a middle and the last element.
    for (std::size_t i : {std::size_t{0}, n / 2, n - 1}) {
      const auto w = v.set(i, -1);
      EXPECT_EQ(w[i], -1);
      EXPECT_EQ(v[i], static_cast<int>(i));
      EXPECT_EQ(w.size(), n);
    }
  }
}

TEST(persistent_vector, random_ops_match_std_vector) {
  std::mt19937 rng{12345};
  persistent_vector<int> v;
  std::vector<int> model;
  for (int op = 0; op < 100000; ++op) {
    const bool grow = model.empty() || rng() % 4 == 0;
    const int x = static_cast<int>(rng());
    if (grow) {
      v = v.push_back(x);
      model.push_back(x);
    } else {
      const std::size_t i = rng() % model.size();
      v = v.set(i, x);
      model[i] = x;
    }
    ASSERT_EQ(v.size(), model.size());
    if (op % 997 == 0) {
      const std::size_t i = rng() % model.size();
      ASSERT_EQ(v[i], model[i]) << "op " << op;
    }
  }
  EXPECT_EQ(to_std(v), model);
  for (std::size_t i = 0; i < model.size(); ++i)
    ASSERT_EQ(v[i], model[i]);
}

TEST(persistent_vector, old_versions_are_unchanged) {
  std::mt19937 rng{777};
  std::vector<persistent_vector<int>> versions{persistent_vector<int>{}};
  std::vector<std::vector<int>> models{{}};
  for (int op = 0; op < 3000; ++op) {
    // Derive from a random earlier version, not only the newest.
    const std::size_t base = rng() % versions.size();
    const auto& from = versions[base];
    auto model = models[base];
    const int x = static_cast<int>(rng() % 1000);
    persistent_vector<int> next;
    if (model.empty() || rng() % 3 != 0) {
      next = from.push_back(x);
      model.push_back(x);
    } else {
      const std::size_t i = rng() % model.size();
      next = from.set(i, x);
      model[i] = x;
    }
    versions.push_back(std::move(next));
    models.push_back(std::move(model));
  }
  for (std::size_t k = 0; k < versions.size(); ++k)
    ASSERT_EQ(to_std(versions[k]), models[k]) << "version " << k;
}

TEST(persistent_vector, copies_share_and_free_exactly_once) {
  {
    persistent_vector<tracked> v;
    for (int i = 0; i < 2000; ++i)
      v = v.push_back(tracked{i});
    EXPECT_EQ(tracked::live.load(), 2000);
    auto w = v.set(1500, tracked{-1});
    // One leaf (32 elements) was copied; the rest is shared.
    EXPECT_EQ(tracked::live.load(), 2000 + 32);
    persistent_vector<tracked> c = w;
    persistent_vector<tracked> m = std::move(c);
    EXPECT_EQ(c.size(), 0u);
    EXPECT_EQ(m[1500].value, -1);
    EXPECT_EQ(v[1500].value, 1500);
    v = persistent_vector<tracked>{};
    EXPECT_EQ(tracked::live.load(), 2000);
  }
  EXPECT_EQ(tracked::live.load(), 0);
}

TEST(persistent_vector, string_elements) {
  persistent_vector<std::string> v;
  for (int i = 0; i < 100; ++i)
    v = v.push_back(std::string(40, static_cast<char>('a' + i % 26)));
  const auto w = v.set(70, "changed");
  EXPECT_EQ(w[70], "changed");
  EXPECT_EQ(v[70], std::string(40, static_cast<char>('a' + 70 % 26)));
}

TEST(persistent_vector, versions_destroyed_on_other_threads) {
  auto v = iota(5000);
  std::vector<persistent_vector<int>> derived;
  for (int i = 0; i < 64; ++i)
    derived.push_back(v.set(static_cast<std::size_t>(i) * 70, -i));
  std::thread t{[d = std::move(derived)]() mutable {
    for (std::size_t i = 0; i < d.size(); ++i)
      EXPECT_EQ(d[i][i * 70], -static_cast<int>(i));
    d.clear();
  }};
  for (int i = 0; i < 64; ++i)
    v = v.set(static_cast<std::size_t>(i) + 1, i);
  t.join();
  EXPECT_EQ(v[64], 63);
}

} // namespace

#include "bench/read_path_env.hpp"

#include "messages/prepare.hpp"

#include <caf/atom.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "bench/alloc_counter.hpp"
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace hummel::bench {

namespace {

struct bench_process_state {
  snapshot_ptr snap;
  static inline const char* name = "bench-process";
};

bench_process_actor::behavior_type
bench_process(bench_process_actor::stateful_pointer<bench_process_state> self,
              snapshot_ptr snap) {
  self->state.snap = std::move(snap);
  return {
    [self](atom::update, snapshot_ptr& x) { self->state.snap = std::move(x); },
    [self](atom::status) { return self->state.snap; },
  };
}

snapshot_ptr make_initial(uint32_t i) {
  return std::make_shared<const process_snapshot>(make_base(i));
}

/// True once the cache has published every one of the env's processes.
bool complete(const cache_env& env) {
  auto v = env.cell.read();
  if (v->version == 0 || v->size() != env.n)
    return false;
  for (uint32_t i = 0; i < env.n; ++i)
    if (v->at(i) == nullptr)
      return false;
  return true;
}

} // namespace

process_snapshot make_base(uint32_t i) {
  process_snapshot s;
  s.name = "p" + std::to_string(i);
  s.index = i;
  s.command = "sleep 1000";
  s.status = process_status::running;
  s.ready = true;
  s.run_id = 1;
  s.pid = 1000 + static_cast<int32_t>(i);
  // As a running child's: a start time (written as ISO text) and a
  // sampled RSS.
  s.start_ms = 1'765'000'000'000 + i;
  s.rss_bytes = 1'048'576 + i * 4096;
  return s;
}

snapshot_ptr make_change(uint32_t i, std::mt19937& rng) {
  auto s = std::make_shared<process_snapshot>(make_base(i));
  s->run_id = 1 + rng() % 1000;
  s->cpu_percent = static_cast<double>(rng() % 100);
  return s;
}

std::chrono::microseconds write_interval() noexcept {
  static const std::chrono::microseconds value = [] {
    const char* env = std::getenv("HUMMEL_BENCH_WRITE_INTERVAL_US");
    const long us = env != nullptr ? std::strtol(env, nullptr, 10) : 0;
    return us > 0 ? std::chrono::microseconds{us} : default_write_interval;
  }();
  return value;
}

world& world::get() {
  // CAF 0.17.6 crashes when an actor system is destroyed during static
  // destruction (its logger pointer lives in a thread_local of the thread
  // that built the system). So the main thread (benchmark thread 0) builds
  // the world and a thread_local of the main thread, registered after the
  // system's, destroys it before the main thread's CAF state goes away.
  static std::atomic<world*> instance{nullptr};
  if (auto* w = instance.load(std::memory_order_acquire))
    return *w;
  if (gettid() != getpid()) {
    // Another benchmark thread: thread 0 is building the world right now.
    world* w = nullptr;
    while ((w = instance.load(std::memory_order_acquire)) == nullptr)
      std::this_thread::yield();
    return *w;
  }
  struct owner {
    world* w;
    ~owner() {
      delete w;
    }
  };
  auto* w = new world;
  thread_local owner guard{w};
  instance.store(w, std::memory_order_release);
  return *w;
}

world::world() {
  prepare(cfg_);
  cfg_.set("logger.console-verbosity", caf::atom("quiet"));
  sys_ = std::make_unique<caf::actor_system>(cfg_);
}

world::~world() {
  for (auto& [n, env] : caches_) {
    caf::anon_send_exit(env->cache, caf::exit_reason::user_shutdown);
    for (auto& p : env->procs)
      caf::anon_send_exit(p, caf::exit_reason::user_shutdown);
  }
  sys_->await_all_actors_done();
  caches_.clear(); // the cells outlive the actors that wrote them
  sys_.reset();
}

cache_env& world::caches(uint32_t n) {
  std::lock_guard lk{mu_};
  auto& slot = caches_[n];
  if (slot)
    return *slot;
  auto env = std::make_unique<cache_env>();
  env->n = n;
  env->cache = sys_->spawn(status_cache, &env->cell, "bench");
  for (uint32_t i = 0; i < n; ++i)
    caf::anon_send(env->cache, atom::update_v, make_initial(i));
  if (n <= 100)
    for (uint32_t i = 0; i < n; ++i)
      env->procs.push_back(sys_->spawn(bench_process, make_initial(i)));
  const auto deadline
    = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  while (!complete(*env)) {
    if (std::chrono::steady_clock::now() > deadline) {
      std::fprintf(stderr, "status cache never published %u processes\n", n);
      std::abort();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  slot = std::move(env);
  return *slot;
}

mutex_env& world::mutexes(uint32_t n) {
  std::lock_guard lk{mu_};
  auto& slot = mutexes_[n];
  if (!slot) {
    slot = std::make_unique<mutex_env>();
    slot->n = n;
    for (uint32_t i = 0; i < n; ++i)
      slot->map.emplace("p" + std::to_string(i), make_base(i));
  }
  return *slot;
}

writer::writer(write_fn f) : f_(std::move(f)), thread_([this] { run(); }) {
}

writer::~writer() {
  stop_.store(true, std::memory_order_relaxed);
  thread_.join();
}

double writer::rate() const noexcept {
  return static_cast<double>(count_.load()) * 1e9
         / static_cast<double>(elapsed_ns_.load());
}

void writer::run() {
  using clock = std::chrono::steady_clock;
  // The default timer slack (50 us) is longer than the write interval.
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  std::mt19937 rng{42};
  const auto start = clock::now();
  const auto interval = write_interval();
  auto next = start;
  while (!stop_.load(std::memory_order_relaxed)) {
    f_(rng);
    count_.fetch_add(1, std::memory_order_relaxed);
    next += interval;
    const auto now = clock::now();
    if (next < now - std::chrono::milliseconds{1})
      next = now; // after a long stall, don't burst to catch up
    std::this_thread::sleep_until(next);
    elapsed_ns_.store((clock::now() - start).count());
  }
}

writer_scope::writer_scope(benchmark::State& state, writer::write_fn f)
  : state_(state) {
  if (state.thread_index() == 0)
    writer_.emplace(std::move(f));
}

writer_scope::~writer_scope() {
  if (!writer_)
    return;
  const double rate = writer_->rate();
  writer_.reset();
  state_.counters["writes_per_s"] = rate;
}

writer::write_fn cache_writer(cache_env& env) {
  return [&env](std::mt19937& rng) {
    const auto i = static_cast<uint32_t>(rng() % env.n);
    caf::anon_send(env.cache, atom::update_v, make_change(i, rng));
  };
}

read_meter::read_meter(benchmark::State& state) noexcept
  : state_(state),
    allocs0_(thread_allocs()),
    t0_(std::chrono::steady_clock::now()) {
}

void read_meter::finish(int64_t items_per_read) {
  using benchmark::Counter;
  // Taken before touching the counters map, which allocates.
  const auto allocs = thread_allocs() - allocs0_;
  const auto elapsed = std::chrono::steady_clock::now() - t0_;
  const auto iters = state_.iterations();
  state_.SetItemsProcessed(iters * items_per_read);
  state_.counters["allocs_per_read"]
    = Counter(static_cast<double>(allocs), Counter::kAvgIterations);
  const double ns = static_cast<double>(
    std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
  state_.counters["ns_per_read"] = Counter(
    iters > 0 ? ns / static_cast<double>(iters) : 0.0, Counter::kAvgThreads);
}

} // namespace hummel::bench

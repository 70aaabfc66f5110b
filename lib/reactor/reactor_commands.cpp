// The reactor's commands: what other threads ask of the reactor thread
// (spawn, start, stop, kill_all, consumed), queued under `mutex_` and
// carried out in order on the reactor thread (take_commands).
#include "reactor/reactor_impl.hpp"
#include "reactor/spawn.hpp"

#include <unistd.h>

#include <csignal>

namespace hummel::reactor {

namespace {

// The most time one wake-up spends starting queued children before it
// looks at the pipes, pidfds and deadlines again. A start costs about 2 ms
// on the 2-vCPU VM of docs/BENCHMARKS.md (clone waits for the child's
// exec), so a start of 1,000 still lets output, exits and stops through
// every few children.
constexpr auto spawn_budget = std::chrono::milliseconds{10};

} // namespace

reactor::impl::spawn_result reactor::impl::spawn(spawn_request req) {
  auto checked = detail::resolve(req);
  if (!checked.error.empty())
    return std::move(checked.error);
  if (std::this_thread::get_id() == thread_id_.load())
    return start_child(req, checked.path);
  std::promise<spawn_result> promise;
  auto result = promise.get_future();
  if (auto error = queue_spawn(
        spawn_cmd{std::move(req), std::move(checked.path), std::move(promise)}))
    return std::move(*error);
  return result.get();
}

std::string reactor::impl::start(spawn_request req) {
  auto checked = detail::resolve(req);
  if (!checked.error.empty())
    return std::move(checked.error);
  if (std::this_thread::get_id() == thread_id_.load()) {
    auto started = start_child(req, checked.path);
    if (auto* error = std::get_if<std::string>(&started))
      return std::move(*error);
    return {};
  }
  auto error = queue_spawn(
    spawn_cmd{std::move(req), std::move(checked.path), std::nullopt});
  return error ? std::move(*error) : std::string{};
}

std::optional<std::string> reactor::impl::queue_spawn(spawn_cmd cmd) {
  if (!enqueue(std::move(cmd)))
    return std::string{"reactor is shutting down"};
  return std::nullopt;
}

void reactor::impl::stop(child_id id, int sig, ms grace) {
  push(stop_cmd{id, sig, grace});
}

void reactor::impl::kill_all() {
  push(kill_all_cmd{});
}

void reactor::impl::consumed(child_id id, size_t bytes) {
  push(consumed_cmd{id, bytes});
}

void reactor::impl::push(command cmd) {
  enqueue(std::move(cmd)); // dropped while stopping: every child ends anyway
}

bool reactor::impl::enqueue(command cmd) {
  {
    std::lock_guard guard{mutex_};
    if (stopping_)
      return false;
    queue_.push_back(std::move(cmd));
  }
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof(one));
  return true;
}

void reactor::impl::answer(spawn_cmd& cmd, spawn_result result) {
  if (cmd.result) {
    cmd.result->set_value(std::move(result));
    return;
  }
  if (auto* error = std::get_if<std::string>(&result))
    sink_.on_start_failed(cmd.req.id, std::move(*error));
}

bool reactor::impl::take_commands() {
  uint64_t count = 0;
  [[maybe_unused]] auto n = ::read(wake_fd_, &count, sizeof(count));
  collect_finished();
  bool stopping = false;
  {
    std::lock_guard guard{mutex_};
    for (auto& cmd : queue_)
      pending_.push_back(std::move(cmd));
    queue_.clear();
    stopping = stopping_;
  }
  // In order: a stop queued after a start applies to the started child
  // (held in deferred_stops_ while a spawner has it). A start waits while
  // every spawner is busy, and everything behind it waits too; without
  // spawners, starts beyond the budget wait for the next wake-up.
  auto until = clock::now() + spawn_budget;
  bool started_one = false;
  std::vector<stop_cmd> stops;
  while (!pending_.empty()) {
    auto& cmd = pending_.front();
    if (auto* s = std::get_if<spawn_cmd>(&cmd)) {
      if (stopping) {
        answer(*s, std::string{"reactor is shutting down"});
      } else if (spawners_.empty()) {
        if (started_one && clock::now() >= until)
          break;
        answer(*s, start_child(s->req, s->path));
        started_one = true;
      } else if (keys_.contains(s->req.id) || in_flight_.contains(s->req.id)) {
        answer(*s, "duplicate child id: " + std::to_string(s->req.id));
      } else if (in_flight_.size() < spawners_.size()) {
        dispatch(*s);
      } else {
        break;
      }
    } else if (stopping) {
      // dropped: the reactor ends every child anyway
    } else if (auto* st = std::get_if<stop_cmd>(&cmd)) {
      if (in_flight_.contains(st->id))
        deferred_stops_[st->id].push_back(*st);
      else
        stops.push_back(*st);
    } else if (auto* done = std::get_if<consumed_cmd>(&cmd)) {
      apply_consumed(*done);
    } else {
      apply_stops(stops);
      stops.clear();
      apply_kill_all();
      for (auto id : in_flight_) // killed as soon as they are registered
        deferred_stops_[id].push_back(stop_cmd{id, SIGKILL, ms{0}});
    }
    pending_.pop_front();
  }
  apply_stops(stops);
  return !stopping;
}

} // namespace hummel::reactor

// The spawner threads: each clones one queued child at a time with its own
// slots (spawn_process), so a queue of starts is not one clone after the
// other on the reactor thread; the reactor thread registers what they
// started (register_child) and answers each start.
//
// Thread safety: `jobs_` and `spawners_end_` under `spawn_mutex_`,
// `finished_` under `mutex_`; a job belongs to one thread at a time (the
// reactor thread, then a spawner, then the reactor thread). `in_flight_`
// and `deferred_stops_` are the reactor thread's.
#include "reactor/reactor_impl.hpp"

#include <poll.h>
#include <unistd.h>

namespace hummel::reactor {

namespace detail {

std::variant<spawned, std::string>
spawn_tracked(const spawn_request& req, const spawn_setup& setup, size_t slot) {
  {
    std::lock_guard guard{reap_mutex()};
    ++clones_in_flight();
  }
  auto result = spawn_process(req, setup, slot);
  std::lock_guard guard{reap_mutex()};
  if (auto* sp = std::get_if<spawned>(&result))
    all_leaders().insert(sp->pid);
  --clones_in_flight();
  return result;
}

} // namespace detail

void reactor::impl::start_spawners() {
  for (size_t slot = 0; slot < opts_.spawners; ++slot)
    spawners_.emplace_back([this, slot] { spawner_main(slot); });
}

void reactor::impl::stop_spawners() {
  {
    std::lock_guard guard{spawn_mutex_};
    spawners_end_ = true;
  }
  spawn_cv_.notify_all();
  for (auto& t : spawners_)
    t.join();
  spawners_.clear();
}

void reactor::impl::spawner_main(size_t slot) {
  for (;;) {
    std::unique_ptr<spawn_job> job;
    {
      std::unique_lock lock{spawn_mutex_};
      spawn_cv_.wait(lock, [this] { return spawners_end_ || !jobs_.empty(); });
      if (jobs_.empty())
        return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job->result = detail::spawn_tracked(job->cmd.req, job->setup, slot);
    {
      std::lock_guard guard{mutex_};
      finished_.push_back(std::move(job));
    }
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof(one));
  }
}

void reactor::impl::dispatch(spawn_cmd& cmd) {
  auto job = std::make_unique<spawn_job>();
  job->setup = setup_for(cmd.req, cmd.path, job->marker);
  job->cmd = std::move(cmd);
  in_flight_.insert(job->cmd.req.id);
  {
    std::lock_guard guard{spawn_mutex_};
    jobs_.push_back(std::move(job));
  }
  spawn_cv_.notify_one();
}

void reactor::impl::collect_finished() {
  std::vector<std::unique_ptr<spawn_job>> done;
  {
    std::lock_guard guard{mutex_};
    done.swap(finished_);
  }
  for (auto& job : done) {
    auto id = job->cmd.req.id;
    in_flight_.erase(id);
    answer(job->cmd, register_child(job->cmd.req, std::move(job->marker),
                                    std::move(job->result)));
    auto stops = deferred_stops_.extract(id);
    if (!stops.empty())
      apply_stops(stops.mapped());
  }
}

void reactor::impl::drain_spawners() {
  collect_finished();
  while (!in_flight_.empty()) {
    pollfd p{wake_fd_, POLLIN, 0};
    ::poll(&p, 1, 100);
    uint64_t count = 0;
    [[maybe_unused]] auto n = ::read(wake_fd_, &count, sizeof(count));
    collect_finished();
  }
}

} // namespace hummel::reactor

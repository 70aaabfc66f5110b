#pragma once

#include "logs/line_splitter.hpp"
#include "reactor/fd_bank.hpp"
#include "reactor/reactor.hpp"
#include "reactor/registry.hpp"
#include "reactor/spawn.hpp"
#include "reactor/tree.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

/// Internals of the reactor; included by reactor*.cpp only.
///
/// Thread safety: `mutex_` guards `queue_` and `stopping_`; every other
/// member is touched only by the reactor thread (after construction).
namespace hummel::reactor {

namespace detail {

/// Guards waitid() against other reactors of the process: held while a
/// child is spawned and registered, while a leader is reaped, and while
/// orphans are reaped, so nobody reaps a leader it does not own.
std::mutex& reap_mutex();

/// The unreaped leaders of all reactors of the process (under reap_mutex).
std::unordered_set<int>& all_leaders();

/// Clones under way in the process, whose pid is not in all_leaders yet
/// (under reap_mutex): while there are any, no orphan is reaped.
int& clones_in_flight();

/// spawn_process, counted in clones_in_flight until the child's pid is in
/// all_leaders (or it failed).
std::variant<spawned, std::string>
spawn_tracked(const spawn_request& req, const spawn_setup& setup, size_t slot);

} // namespace detail

/// See reactor.hpp; the reactor thread and its state.
class reactor::impl {
public:
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;
  using ms = std::chrono::milliseconds;
  using spawn_result = std::variant<int, std::string>;

  /// Sets up epoll and the eventfd and starts the thread.
  impl(options opts, sink& events);

  /// Ends all children and joins the thread.
  ~impl();

  /// See reactor::spawn.
  spawn_result spawn(spawn_request req);

  /// See reactor::start.
  std::string start(spawn_request req);

  /// See reactor::stop.
  void stop(child_id id, int sig, ms grace);

  /// See reactor::kill_all.
  void kill_all();

  /// See reactor::consumed.
  void consumed(child_id id, size_t bytes);

private:
  // -- member types ----------------------------------------------------------

  struct child {
    uint64_t key = 0;
    child_id id = 0;
    int pid = -1;
    uint64_t start_ticks = 0;
    std::string marker;
    /// Descriptors, or with `banked` slots of `bank_` (-1: closed).
    int pidfd = -1;
    int out_fd = -1;
    int err_fd = -1;
    /// Its files are in the bank, watched by the bank's one-shot polls
    /// instead of epoll: a stream is watched again after a read that
    /// emptied it unless paused or parked; unpausing or unparking reads
    /// it (`ready_`).
    bool banked = false;
    line_splitter out_lines;
    line_splitter err_lines;
    bool exit_seen = false; // the leader exited, not yet reaped
    bool reaped = false;
    bool reported = false;
    bool run_end_pending = false;
    exit_info info;
    int stop_signal = SIGTERM;
    ms grace{5000};
    std::optional<time_point> kill_at;   // SIGKILL the tree then
    int kill_rounds = 0;                 // SIGKILLs sent after the leader
    std::optional<time_point> report_at; // report the exit then at the latest
    // tree members: pid and start (a vector: one entry is 16 bytes, a map's
    // first entry about 140)
    std::vector<std::pair<int, uint64_t>> known;
    std::unordered_map<int, uint64_t> signalled; // got the stop signal
    uint64_t last_cpu = 0;
    time_point last_sample;
    /// Output handed to the sink and not yet consumed; its pipes are out
    /// of the epoll set while `paused`.
    size_t unconsumed = 0;
    bool paused = false;
    /// Per stream (out, err): the last read, and until when its pipe is
    /// out of the epoll set because it trickles (see read_stream).
    std::array<time_point, 2> last_read{};
    std::array<std::optional<time_point>, 2> parked;
    /// Per stream: not parked before then (its pipe was nearly full), and
    /// the pipe's capacity (0 until asked).
    std::array<time_point, 2> hot_until{};
    std::array<size_t, 2> pipe_size{};
    /// Per stream: how many lines the last read gave (the next read's
    /// vector is reserved for as many, up to max_lines_hint, instead of
    /// growing through a dozen copies in a flood).
    std::array<uint32_t, 2> last_lines{};
    static constexpr size_t max_lines_hint = 1u << 16;

    bool ended() const noexcept {
      return exit_seen || reaped;
    }
  };

  struct spawn_cmd {
    spawn_request req;
    std::string path;
    /// Whom to answer: spawn()'s caller, or the sink (start()) if none.
    std::optional<std::promise<spawn_result>> result;
  };

  struct stop_cmd {
    child_id id;
    int sig;
    ms grace;
  };

  struct kill_all_cmd {};

  struct consumed_cmd {
    child_id id;
    size_t bytes;
  };

  using command = std::variant<spawn_cmd, stop_cmd, kill_all_cmd, consumed_cmd>;

  /// A start handed to a spawner thread, and what came of it.
  struct spawn_job {
    spawn_cmd cmd;
    std::string marker;
    detail::spawn_setup setup;
    std::variant<detail::spawned, std::string> result;
  };

  // -- commands (reactor.cpp) ------------------------------------------------

  void push(command cmd);
  /// Queues `cmd` and wakes the loop; false (nothing queued) if stopping.
  bool enqueue(command cmd);
  /// Queues a child to start; an error if the reactor is stopping.
  std::optional<std::string> queue_spawn(spawn_cmd cmd);
  bool take_commands();
  /// Answers a spawn command: its caller or the sink.
  void answer(spawn_cmd& cmd, spawn_result result);
  spawn_result start_child(spawn_request& req, const std::string& path);
  /// How to start `req` (its marker in `marker`).
  detail::spawn_setup setup_for(const spawn_request& req,
                                const std::string& path, std::string& marker);
  /// Watches a started child and reports it (on_started); the error if it
  /// did not start or cannot be watched.
  spawn_result register_child(spawn_request& req, std::string marker,
                              std::variant<detail::spawned, std::string> r);

  // -- spawner threads (reactor_spawners.cpp) --------------------------------

  void start_spawners();
  /// Ends the spawner threads (after every child has been reaped).
  void stop_spawners();
  void spawner_main(size_t slot);
  /// Hands `cmd` to the spawners (the caller checked one is free).
  void dispatch(spawn_cmd& cmd);
  /// Registers and answers the starts the spawners have finished; applies
  /// the stops that waited for them.
  void collect_finished();
  /// Waits until no start is with a spawner (shutdown).
  void drain_spawners();
  void apply_stops(const std::vector<stop_cmd>& stops);
  void apply_kill_all();
  void shut_down();

  // -- the loop (reactor_loop.cpp) -------------------------------------------

  void run();
  void adopt_incoming();
  void on_event(uint64_t tag);
  void read_stream(child& c, log_stream s, bool force_close);
  /// read(2) of a stream's pipe, banked or not (-1 and errno on failure).
  ssize_t read_pipe(const child& c, int fd);
  /// Closes a stream's pipe or the pidfd (and takes it out of epoll).
  void close_handle(child& c, int& fd);
  /// Moves the child's descriptors (not yet in the epoll set) to the bank
  /// if they are numbered past options::bank_from_fd and it has room, and
  /// watches them: true if they went.
  bool bank_child(child& c, int highest);
  /// After a read of a banked stream: watched again, or read again soon.
  void rewatch(child& c, size_t k, bool drained);
  /// The streams `ready_` names: banked ones read again.
  void read_ready();
  /// Peeks at (WNOWAIT) or reaps the leader: waitid by pidfd or pid.
  int wait_leader(const child& c, siginfo_t& info, int flags);
  /// Takes (resumes) or leaves out (pauses) the child's open pipes of the
  /// epoll set.
  void set_paused(child& c, bool paused);
  /// Takes a trickling stream's pipe out of the epoll set for a moment.
  void park(child& c, size_t k, time_point now);
  /// Puts back the pipes whose moment is over.
  void unpark_due(time_point now);
  void apply_consumed(const consumed_cmd& cmd);
  void leader_exited(child& c);
  void reap_leader(child& c);
  void maybe_report(child& c);
  void housekeeping();
  int next_timeout_ms();
  /// The children in `timed_` (those still in `children_`).
  std::vector<child*> timed_children();

  // -- process trees (reactor_tree.cpp) --------------------------------------

  /// The processes around the runs, indexed: the daemon's descendants when
  /// reading them is cheaper than all of /proc (a subreaper's runs never
  /// leave its tree) and the reading was stable, else every process.
  detail::process_table scan();
  std::vector<detail::proc_stat> members(const detail::process_table& table,
                                         const child& c);
  size_t signal_tree(child& c, const detail::process_table& table, int sig,
                     bool only_new);
  void sample(const detail::process_table& table, time_point now);
  void reap_orphans(const detail::process_table* table);
  /// Ends every run of `run_ends_` without a scan of /proc when none can
  /// have left a process (see reactor_tree.cpp); false if it did not.
  bool end_runs_without_scan(time_point now);

  // -- state -----------------------------------------------------------------

  options opts_;
  sink& sink_;
  int self_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  detail::registry_writer registry_;
  std::mutex mutex_;
  std::vector<command> queue_;
  bool stopping_ = false;
  /// Commands taken from queue_ and not yet carried out, in order: starts
  /// beyond one wake-up's budget (spawn_budget) wait here, and so does
  /// whatever was queued after them (a stop after its start).
  std::deque<command> pending_;
  /// Starts finished by a spawner, to register (under mutex_).
  std::vector<std::unique_ptr<spawn_job>> finished_;
  /// Jobs for the spawners, and their end (under spawn_mutex_).
  std::mutex spawn_mutex_;
  std::condition_variable spawn_cv_;
  std::deque<std::unique_ptr<spawn_job>> jobs_;
  bool spawners_end_ = false;
  std::vector<std::thread> spawners_;
  /// Reactor thread only: ids with a spawner, and the stops queued behind
  /// their start (applied once it is registered).
  std::unordered_set<child_id> in_flight_;
  std::unordered_map<child_id, std::vector<stop_cmd>> deferred_stops_;
  std::atomic<std::thread::id> thread_id_;
  std::thread thread_;

  std::unordered_map<uint64_t, std::unique_ptr<child>> children_;
  std::vector<std::unique_ptr<child>> incoming_;
  std::unordered_map<child_id, uint64_t> keys_;
  std::unordered_set<int> leaders_;
  std::vector<uint64_t> run_ends_;
  /// Keys of children with a deadline (kill_at, report_at, a parked
  /// stream) or a reported exit: the only ones housekeeping looks at on
  /// every wake-up.
  std::unordered_set<uint64_t> timed_;
  uint64_t next_key_ = 1;
  time_point next_sample_;
  time_point next_tick_;
  time_point next_reap_;
  /// Processes on the machine at the last scan of all of /proc, and the
  /// daemon's descendants at the last scan; a scan of all of /proc at
  /// least this often keeps the first figure current.
  size_t machine_procs_ = 0;
  size_t tree_procs_ = 0;
  time_point next_full_scan_;
  bool shutting_down_ = false;
  std::vector<char> buf_;
  /// Files of children past options::bank_from_fd (see child::banked),
  /// and the soft descriptor limit the last setup_for saw.
  fd_bank bank_;
  size_t rings_in_epoll_ = 0;
  static constexpr uint64_t bank_tag = 4; // kind 4 of the epoll tags
  uint64_t fd_limit_ = 0;
  /// Banked streams to read on the next turn of the loop (tags as in the
  /// epoll set): a burst cut short, a stream unparked or resumed.
  std::vector<uint64_t> ready_;
};

} // namespace hummel::reactor

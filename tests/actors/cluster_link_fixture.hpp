#pragma once

// Stand-ins for what a CLUSTER LINK talks to, all in one test_coordinator
// actor system (no network): a CLUSTER NODE implementing node_actor, a
// connector that answers `connect_atom` like the middleman does (the seam
// described at cluster_link_config::connector), and a CLUSTER VIEW that
// records the link's reports. Each takes a script the test owns: what to
// answer (at once, refuse, hold until released, never) and what it saw.

#include "actors/cluster_link.hpp"
#include "actors/detail/clock.hpp"
#include "messages/error.hpp"
#include "messages/status_delta.hpp"
#include "tests/support/deterministic_fixture.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace hummel::test {

inline process_snapshot wire_snap(uint32_t index, std::string name,
                                  process_status status
                                  = process_status::running,
                                  uint32_t restarts = 0) {
  process_snapshot x;
  x.index = index;
  x.name = std::move(name);
  x.status = status;
  x.restarts = restarts;
  return x;
}

/// A delta of node "n2" (from == to: a keep-alive).
inline node_delta wire_delta(uint64_t from, uint64_t to,
                             std::vector<process_snapshot> xs = {},
                             int64_t built_ms = 0) {
  return node_delta{"n2", from, to, built_ms, std::move(xs), {}};
}

// -- the stand-in CLUSTER NODE ------------------------------------------------

/// What the stand-in node answers, and what it saw.
struct node_script {
  /// Answer to subscribe and to the full-view request.
  node_view view{"n2", 5, 0, false, {wire_snap(0, "web"), wire_snap(1, "db")}};
  /// Keep the request's promise instead of answering (until `flush`).
  bool hold_subscribe = false;
  bool hold_status = false;
  bool hold_commands = false;
  int subscribes = 0;
  int status_requests = 0;
  /// "stop web", "run db", ...
  std::vector<std::string> commands;
  /// The ordering node named by each command.
  std::vector<std::string> origins;
  /// Subscribed sinks that went down.
  int sinks_down = 0;
};

/// node_actor plus what the test drives it with.
using stand_in_node_actor = node_actor::extend<
  // Sends the delta to every subscribed sink (as the CLUSTER NODE does).
  caf::reacts_to<atom::delta, node_delta>,
  // Answers every held subscribe and full-view request now.
  caf::reacts_to<atom::flush>>;

struct stand_in_node_state {
  std::vector<node_sink_actor> sinks;
  std::vector<caf::typed_response_promise<node_view>> held;
  std::vector<caf::typed_response_promise<process_snapshot>> held_commands;
  static inline const char* name = "stand-in-node";
};

inline stand_in_node_actor::behavior_type
stand_in_node(stand_in_node_actor::stateful_pointer<stand_in_node_state> self,
              node_script* script) {
  self->set_down_handler(
    [script](const caf::down_msg&) { ++script->sinks_down; });
  auto view = [self, script](bool hold) -> caf::result<node_view> {
    if (!hold)
      return script->view;
    auto rp = self->make_response_promise<node_view>();
    self->state.held.push_back(rp);
    return rp;
  };
  auto command
    = [self, script](const char* what,
                     const std::string& name) -> caf::result<process_snapshot> {
    script->commands.push_back(std::string{what} + " " + name);
    if (!script->hold_commands)
      return wire_snap(0, name);
    auto rp = self->make_response_promise<process_snapshot>();
    self->state.held_commands.push_back(rp);
    return rp;
  };
  return {
    [self, script, view](atom::subscribe, node_sink_actor& sink) {
      ++script->subscribes;
      self->monitor(sink);
      self->state.sinks.push_back(std::move(sink));
      return view(script->hold_subscribe);
    },
    [script, view](atom::status, atom::all) {
      ++script->status_requests;
      return view(script->hold_status);
    },
    [command, script](atom::run, const std::string& name,
                      const std::string& from) {
      script->origins.push_back(from);
      return command("run", name);
    },
    [command, script](atom::stop, const std::string& name,
                      const std::string& from) {
      script->origins.push_back(from);
      return command("stop", name);
    },
    [command, script](atom::restart, const std::string& name,
                      const std::string& from) {
      script->origins.push_back(from);
      return command("restart", name);
    },
    [self](atom::delta, const node_delta& d) {
      for (const auto& sink : self->state.sinks)
        self->send(sink, atom::delta_v, d);
    },
    [self, script](atom::flush) {
      for (auto& rp : self->state.held)
        rp.deliver(script->view);
      self->state.held.clear();
    },
  };
}

// -- the stand-in connector ---------------------------------------------------

/// How the stand-in connector answers `connect_atom`, and what it saw.
struct connector_script {
  enum class answer {
    node,            ///< the stand-in node with node_actor's interface
    refuse,          ///< sec::cannot_connect_to_node
    hold,            ///< nothing until `flush` (then as `node`)
    nothing_there,   ///< no actor published
    other_interface, ///< an actor with another interface
  };
  answer how = answer::node;
  caf::strong_actor_ptr node;
  /// Fake-clock time of every connect request.
  std::vector<int64_t> asked_ms;
  std::string host;
  uint16_t port = 0;
};

struct stand_in_connector_state {
  std::vector<caf::response_promise> held;
  static inline const char* name = "stand-in-connector";
};

inline void answer_connect(caf::event_based_actor* self,
                           const connector_script& script,
                           caf::response_promise& rp) {
  using answer = connector_script::answer;
  if (script.how == answer::refuse) {
    rp.deliver(caf::make_error(caf::sec::cannot_connect_to_node));
    return;
  }
  auto ifs = self->system().message_types<node_actor>();
  if (script.how == answer::other_interface)
    ifs = std::set<std::string>{"caf::replies_to<@i32>::with<@i32>"};
  auto ptr = script.how == answer::nothing_there ? caf::strong_actor_ptr{}
                                                 : script.node;
  rp.deliver(caf::node_id{}, std::move(ptr), std::move(ifs));
}

/// Answers `connect_atom, host, port` as the middleman actor would.
inline caf::behavior
stand_in_connector(caf::stateful_actor<stand_in_connector_state>* self,
                   connector_script* script) {
  return {
    [self, script](caf::connect_atom, const std::string& host, uint16_t port) {
      script->asked_ms.push_back(detail::wall_ms(self));
      script->host = host;
      script->port = port;
      auto rp = self->make_response_promise();
      if (script->how == connector_script::answer::hold)
        self->state.held.push_back(std::move(rp));
      else
        answer_connect(self, *script, rp);
    },
    [self, script](atom::flush) {
      script->how = connector_script::answer::node;
      for (auto& rp : self->state.held)
        answer_connect(self, *script, rp);
      self->state.held.clear();
    },
  };
}

// -- the recording CLUSTER VIEW -----------------------------------------------

/// Keeps every report of the link; answers nothing else of interest.
inline cluster_view_actor::behavior_type
view_recorder(cluster_view_actor::pointer, std::vector<peer_report>* got) {
  auto refuse = [] { return caf::make_error(ec::unreachable); };
  return {
    [got](atom::report, peer_report& r) { got->push_back(std::move(r)); },
    [](atom::flush) {},
    [refuse](atom::run, const std::string&, const std::string&)
      -> caf::result<process_snapshot> { return refuse(); },
    [refuse](atom::stop, const std::string&, const std::string&)
      -> caf::result<process_snapshot> { return refuse(); },
    [refuse](atom::restart, const std::string&, const std::string&)
      -> caf::result<process_snapshot> { return refuse(); },
    [](atom::subscribe, const cluster_watcher_actor&) {},
    [](atom::shutdown) { return true; },
    [](atom::delta, const status_delta&) {},
  };
}

// -- the fixture --------------------------------------------------------------

/// One CLUSTER LINK against the stand-ins, on the fake clock.
class cluster_link_fixture : public deterministic_fixture {
protected:
  cluster_link_fixture() {
    node = sys.spawn(stand_in_node, &ns);
    conn.node = caf::actor_cast<caf::strong_actor_ptr>(node);
    connector = sys.spawn(stand_in_connector, &conn);
    viewer = sys.spawn(view_recorder, &reports);
    run();
  }

  ~cluster_link_fixture() override {
    // The link waits on timers; the stand-ins would live forever.
    for (const auto& x :
         {caf::actor_cast<caf::actor>(link), caf::actor_cast<caf::actor>(node),
          caf::actor_cast<caf::actor>(viewer), connector})
      if (x)
        self->send_exit(x, caf::exit_reason::user_shutdown);
    run();
  }

  /// Spawns the link under test and lets it connect.
  void start_link(bool tls = false) {
    cluster_link_config c;
    c.slot = 0;
    c.address = "peer.test:7000";
    c.host = "peer.test";
    c.port = 7000;
    c.tls = tls;
    c.request_timeout = request_timeout;
    c.connector = caf::actor_cast<caf::io::middleman_actor>(connector);
    c.view = viewer;
    c.log = [this](bool warning, const std::string& line) {
      logs.emplace_back(warning, line);
    };
    link = sys.spawn(cluster_link, std::move(c));
    run();
  }

  /// Ends the stand-in node with `reason`; later connects find a new one.
  void kill_node(caf::exit_reason reason = caf::exit_reason::user_shutdown) {
    self->send_exit(node, reason);
    run();
    node = sys.spawn(stand_in_node, &ns);
    conn.node = caf::actor_cast<caf::strong_actor_ptr>(node);
    run();
  }

  /// The node sends `d` to its subscribers.
  void push(node_delta d) {
    self->send(node, atom::delta_v, std::move(d));
    run();
  }

  /// Advances the fake clock one second at a time.
  void advance_seconds(int n) {
    for (int i = 0; i < n; ++i)
      advance_time(std::chrono::seconds{1});
  }

  /// Now on the fake clock, as the link reads it.
  int64_t now_ms() {
    return detail::wall_ms(self.ptr());
  }

  /// The entry of the last report.
  const node_entry& last() {
    EXPECT_FALSE(reports.empty());
    return reports.back().entry;
  }

  /// Gaps between consecutive connect requests (ms).
  std::vector<int64_t> connect_gaps() const {
    std::vector<int64_t> result;
    for (size_t i = 1; i < conn.asked_ms.size(); ++i)
      result.push_back(conn.asked_ms[i] - conn.asked_ms[i - 1]);
    return result;
  }

  size_t warnings() const {
    size_t n = 0;
    for (const auto& [warning, line] : logs)
      n += warning ? 1 : 0;
    return n;
  }

  /// For subscribe and full-view requests (connects keep 5 s).
  std::chrono::milliseconds request_timeout{5000};
  node_script ns;
  connector_script conn;
  std::vector<peer_report> reports;
  std::vector<std::pair<bool, std::string>> logs;
  stand_in_node_actor node;
  caf::actor connector;
  cluster_view_actor viewer;
  cluster_link_actor link;
};

} // namespace hummel::test

#include "actors/cluster_node.hpp"

#include "actors/detail/clock.hpp"
#include "common/audit.hpp"
#include "common/log.hpp"
#include "messages/error.hpp"

#include <caf/event_based_actor.hpp>

#include <algorithm>

namespace hummel {

node_view to_wire(const status_view& view, bool remote_control) {
  node_view result;
  result.node = view.node;
  result.version = view.version;
  result.built_ms = view.built_ms;
  result.remote_control = remote_control;
  result.processes.reserve(view.size());
  view.processes.for_each([&](const snapshot_ptr& x) {
    if (x)
      result.processes.push_back(*x);
  });
  return result;
}

namespace {

using self_ptr = cluster_node_actor::stateful_pointer<cluster_node_state>;

/// The wire address of the current sender ("host:port" is not known
/// here; CAF's node id names the peer process).
std::string sender_text(self_ptr self) {
  const auto& sender = self->current_sender();
  return sender ? to_string(sender->node()) : std::string{};
}

/// The ordering node's name and the credential after it (if any).
std::pair<std::string, std::string> split_credential(const std::string& from) {
  auto i = from.find(credential_separator);
  if (i == std::string::npos)
    return {from, {}};
  return {from.substr(0, i), from.substr(i + 1)};
}

/// Records command `what` on `name` ordered by peer node `from`.
void record(self_ptr self, const std::string& what, const std::string& name,
            const audit_who& who, std::string result) {
  auto* audit = self->state.cfg.audit;
  if (audit == nullptr)
    return;
  audit_record r{detail::wall_ms(self), who, what, name, std::move(result)};
  if (auto err = audit->append(r))
    HUMMEL_LOG_WARN(cluster, "{}", *err);
}

/// Forwards a remote command to the SUPERVISOR if this node allows it; logs
/// and records who ordered it.
template <class Atom>
caf::result<process_snapshot> command(self_ptr self, Atom what,
                                      const std::string& name,
                                      const std::string& from) {
  auto& cfg = self->state.cfg;
  std::string verb = to_string(what);
  auto [peer, credential] = split_credential(from);
  audit_who who;
  who.transport = cfg.credential.empty() ? "cluster" : "hub";
  who.peer_node = peer.empty() ? "(unnamed)" : peer;
  who.address = sender_text(self);
  if (!cfg.credential.empty() && credential != cfg.credential) {
    HUMMEL_LOG_WARN(cluster,
                    "a local link asked to {} '{}' without the runtime "
                    "file's credential; refused",
                    verb, name);
    record(self, verb, name, who, "error: wrong credential");
    return caf::make_error(ec::not_permitted,
                           "the command lacks this daemon's credential");
  }
  if (!cfg.remote_control) {
    HUMMEL_LOG_WARN(cluster,
                    "peer node '{}' asked to {} '{}'; refused (remote "
                    "control is off)",
                    who.peer_node, verb, name);
    record(self, verb, name, who, "error: remote control is off");
    return caf::make_error(
      ec::not_permitted,
      "node '" + cfg.cell->with([](const status_view& v) { return v.node; })
        + "' does not allow remote control (it needs [cluster] tls and "
          "allow_remote_control = true)");
  }
  HUMMEL_LOG_INFO(cluster, "peer node '{}' ordered {} of '{}'", who.peer_node,
                  verb, name);
  auto rp = self->make_response_promise<process_snapshot>();
  self->request(cfg.supervisor, cfg.command_timeout, what, name)
    .then(
      [self, rp, verb, name, who](snapshot_ptr& x) mutable {
        record(self, verb, name, who, x ? "ok" : "error: unknown process");
        if (x)
          rp.deliver(process_snapshot{*x});
        else
          rp.deliver(caf::make_error(ec::unknown_process));
      },
      [self, rp, verb, name, who](caf::error& err) mutable {
        record(self, verb, name, who, "error: " + self->system().render(err));
        rp.deliver(std::move(err));
      });
  return rp;
}

} // namespace

cluster_node_actor::behavior_type
cluster_node(cluster_node_actor::stateful_pointer<cluster_node_state> self,
             cluster_node_config cfg) {
  self->state.cfg = std::move(cfg);
  self->send(self->state.cfg.cache, atom::subscribe_v,
             caf::actor_cast<status_subscriber_actor>(self));
  self->delayed_send(self, self->state.cfg.keepalive, atom::tick_v);
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto& xs = self->state.sinks;
    xs.erase(
      std::remove_if(xs.begin(), xs.end(),
                     [&](const auto& x) { return x.address() == dm.source; }),
      xs.end());
  });
  return {
    [self](atom::subscribe, node_sink_actor& sink) {
      // A link that subscribes again (it gave up on a slow answer while
      // the connection lived) is one sink: each delta reaches it once.
      auto& xs = self->state.sinks;
      if (std::none_of(xs.begin(), xs.end(), [&](const auto& x) {
            return x.address() == sink.address();
          })) {
        self->monitor(sink);
        xs.push_back(std::move(sink));
      }
      // Deltas already sent to this sink's peer are older than this view
      // or continue from it; the link drops the older ones.
      return self->state.cfg.cell->with([&](const status_view& v) {
        return to_wire(v, self->state.cfg.remote_control);
      });
    },
    [self](atom::status, atom::all) {
      return self->state.cfg.cell->with([&](const status_view& v) {
        return to_wire(v, self->state.cfg.remote_control);
      });
    },
    [self](atom::run, const std::string& name, const std::string& from) {
      return command(self, atom::run_v, name, from);
    },
    [self](atom::stop, const std::string& name, const std::string& from) {
      return command(self, atom::stop_v, name, from);
    },
    [self](atom::restart, const std::string& name, const std::string& from) {
      return command(self, atom::restart_v, name, from);
    },
    [self](atom::delta, const status_delta& d) {
      if (self->state.sinks.empty())
        return;
      node_delta out;
      out.node = self->state.cfg.cell->with(
        [](const status_view& v) { return v.node; });
      out.from_version = d.from_version;
      out.to_version = d.to_version;
      out.built_ms = d.built_ms;
      out.changed.reserve(d.changed.size());
      // A batch may hold several snapshots of one process; the last wins
      // when applied in order, so all are sent.
      for (const auto& x : d.changed)
        out.changed.push_back(*x);
      out.removed = d.removed;
      for (const auto& sink : self->state.sinks)
        self->send(sink, atom::delta_v, out);
    },
    [self](atom::tick) {
      self->delayed_send(self, self->state.cfg.keepalive, atom::tick_v);
      if (self->state.sinks.empty())
        return;
      node_delta alive;
      {
        auto view = self->state.cfg.cell->read();
        alive.node = view->node;
        alive.from_version = alive.to_version = view->version;
        alive.built_ms = view->built_ms;
      }
      for (const auto& sink : self->state.sinks)
        self->send(sink, atom::delta_v, alive);
    },
  };
}

} // namespace hummel

#include "actors/cluster_link.hpp"

#include "actors/cluster_node.hpp"
#include "actors/detail/clock.hpp"
#include "common/log.hpp"
#include "messages/error.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <algorithm>

namespace hummel {

namespace {

using self_ptr = cluster_link_actor::stateful_pointer<cluster_link_state>;

/// Sends the current entry (and pending latency samples) to the CLUSTER
/// VIEW.
void report(self_ptr self) {
  auto& st = self->state;
  st.entry.view = st.replica.view();
  peer_report r{st.cfg.slot, st.entry, std::move(st.origin_ms)};
  st.origin_ms.clear();
  self->send(st.cfg.view, atom::report_v, std::move(r));
}

/// Logs on the `cluster` logger, or hands the line to the configured
/// observer (tests).
void emit(const cluster_link_config& cfg, bool warning,
          const std::string& line) {
  if (cfg.log)
    cfg.log(warning, line);
  else if (warning)
    HUMMEL_LOG_WARN(cluster, "{}", line);
  else
    HUMMEL_LOG_INFO(cluster, "{}", line);
}

/// Logs the first failure of a streak; later ones (retries until the next
/// link) only update the entry that cluster_status shows.
void log_once(self_ptr self, bool warning, const std::string& line) {
  auto& st = self->state;
  if (!st.logged.empty())
    return;
  st.logged = line;
  emit(st.cfg, warning,
       line
         + " (retrying with backoff; not logged again "
           "until linked)");
}

/// A readable reason for a failed connect or request (`timeout`: the one
/// that request had).
std::string reason(self_ptr self, const caf::error& err,
                   std::chrono::milliseconds timeout) {
  auto& st = self->state;
  std::string below = st.cfg.explain ? st.cfg.explain(st.cfg.address) : "";
  if (!below.empty())
    return below;
  if (err == caf::sec::request_timeout)
    return "no answer within " + std::to_string(timeout.count()) + " ms";
  if (err == caf::sec::cannot_connect_to_node)
    return st.cfg.tls ? "cannot connect (refused, unreachable, or the TLS "
                        "handshake failed)"
                      : "cannot connect (refused or unreachable)";
  if (err == caf::sec::incompatible_application_ids)
    return "incompatible hummel build (cluster protocol version differs)";
  if (err == caf::sec::disconnect_during_handshake)
    return "the peer closed the connection during the handshake (does it "
           "require TLS, or run another hummel version?)";
  if (err == caf::sec::connection_timeout)
    return "no handshake within the timeout (does the peer require TLS?)";
  return self->system().render(err);
}

void schedule_retry(self_ptr self) {
  auto& st = self->state;
  if (st.backoff.count() == 0)
    st.backoff = st.cfg.backoff_min;
  self->delayed_send(self, st.backoff, atom::retry_v);
  st.backoff = std::min(st.backoff * 2, st.cfg.backoff_max);
}

/// The connect or the link failed: keep the last view, mark it, retry.
void fail(self_ptr self, const std::string& why, bool lost = false) {
  auto& st = self->state;
  ++st.attempt; // answers to this attempt's requests are ignored
  st.connecting = false;
  st.resyncing = false;
  if (st.remote) {
    self->demonitor(st.remote.address());
    st.remote = nullptr;
  }
  st.entry.state
    = st.replica.has_view() ? link_state::stale : link_state::connecting;
  st.entry.error = why;
  log_once(self, true,
           lost ? "cluster: lost " + st.entry.name + " at " + st.cfg.address
                    + ": " + why
                : "cluster: cannot link to " + st.cfg.address + ": " + why);
  report(self);
  schedule_retry(self);
}

void resync(self_ptr self) {
  auto& st = self->state;
  if (st.resyncing || !st.remote)
    return;
  st.resyncing = true;
  auto gen = st.attempt;
  self->request(st.remote, st.cfg.request_timeout, atom::status_v, atom::all_v)
    .then(
      [self, gen](node_view& v) {
        auto& st = self->state;
        if (gen != st.attempt)
          return;
        st.resyncing = false;
        st.replica.reset(v);
        st.entry.last_heard_ms = detail::wall_ms(self);
        report(self);
      },
      [self, gen](caf::error& err) {
        if (gen == self->state.attempt)
          fail(self, reason(self, err, self->state.cfg.request_timeout));
      });
}

void subscribe(self_ptr self, node_actor remote) {
  auto& st = self->state;
  st.remote = remote;
  self->monitor(remote);
  auto gen = st.attempt;
  self
    ->request(remote, st.cfg.request_timeout, atom::subscribe_v,
              caf::actor_cast<node_sink_actor>(self))
    .then(
      [self, gen](node_view& v) {
        auto& st = self->state;
        if (gen != st.attempt)
          return;
        st.connecting = false;
        st.replica.reset(v);
        st.backoff = {};
        st.entry.name = st.cfg.name.empty() ? v.node : st.cfg.name;
        st.entry.state = link_state::linked;
        st.entry.error.clear();
        st.entry.remote_control = v.remote_control;
        st.entry.last_heard_ms = detail::wall_ms(self);
        st.logged.clear();
        emit(st.cfg, false,
             "cluster: linked to " + st.entry.name + " at " + st.cfg.address
               + (st.cfg.tls ? " (TLS)" : "") + ", "
               + std::to_string(v.processes.size()) + " processes");
        report(self);
      },
      [self, gen](caf::error& err) {
        if (gen == self->state.attempt)
          fail(self, reason(self, err, self->state.cfg.request_timeout));
      });
}

template <class Atom>
caf::result<process_snapshot> command(self_ptr self, Atom what,
                                      const std::string& name) {
  auto& st = self->state;
  if (!st.remote)
    return caf::make_error(ec::unreachable,
                           "node '" + st.entry.name + "' is not linked ("
                             + std::string{to_string(st.entry.state)} + ")");
  if (!st.cfg.tls && st.cfg.credential.empty())
    return caf::make_error(ec::not_permitted,
                           "remote control needs an authenticated (TLS) "
                           "link to '"
                             + st.entry.name + "'");
  auto rp = self->make_response_promise<process_snapshot>();
  auto from
    = st.cfg.local
        ? st.cfg.local->with([](const status_view& v) { return v.node; })
        : std::string{};
  if (!st.cfg.credential.empty())
    from += credential_separator + st.cfg.credential;
  self->request(st.remote, st.cfg.command_timeout, what, name, from)
    .then([rp](process_snapshot& x) mutable { rp.deliver(std::move(x)); },
          [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

} // namespace

cluster_link_actor::behavior_type
cluster_link(cluster_link_actor::stateful_pointer<cluster_link_state> self,
             cluster_link_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.entry.name = st.cfg.name.empty() ? st.cfg.address : st.cfg.name;
  st.entry.address = st.cfg.address;
  st.entry.state = link_state::connecting;
  st.entry.tls = st.cfg.tls;
  self->send(self, atom::retry_v);
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto& st = self->state;
    if (!st.remote || dm.source != st.remote.address())
      return;
    st.remote = nullptr;
    st.backoff = {};
    fail(self,
         dm.reason == caf::exit_reason::remote_link_unreachable
           ? "the connection broke or went silent (no heartbeat)"
           : "its cluster interface ended (" + self->system().render(dm.reason)
               + ")",
         true);
  });
  return {
    [self](atom::retry) {
      auto& st = self->state;
      if (st.remote || st.connecting)
        return;
      st.connecting = true;
      auto gen = ++st.attempt;
      self
        ->request(st.cfg.connector, st.cfg.connect_timeout,
                  caf::connect_atom::value, st.cfg.host, st.cfg.port)
        .then(
          [self, gen](caf::node_id&, caf::strong_actor_ptr& ptr,
                      std::set<std::string>& ifs) {
            if (gen != self->state.attempt)
              return;
            if (!ptr)
              return fail(self, "no cluster interface published there");
            auto want = self->system().message_types<node_actor>();
            if (ifs != want)
              return fail(self, "incompatible cluster interface (a "
                                "different hummel version?)");
            subscribe(self, caf::actor_cast<node_actor>(std::move(ptr)));
          },
          [self, gen](caf::error& err) {
            if (gen == self->state.attempt)
              fail(self, reason(self, err, self->state.cfg.connect_timeout));
          });
    },
    [self](atom::delta, const node_delta& d) {
      auto& st = self->state;
      // Only the node this link follows: one it gave up on (a request timed
      // out on a live connection) still sends to this sink, but its news
      // must neither refresh a stale entry nor move the kept view.
      if (!st.remote
          || caf::actor_cast<caf::actor_addr>(self->current_sender())
               != st.remote.address())
        return;
      st.entry.last_heard_ms = detail::wall_ms(self);
      switch (st.replica.apply(d)) {
      case detail::delta_outcome::applied:
        st.origin_ms.push_back(d.built_ms);
        report(self);
        break;
      case detail::delta_outcome::keepalive:
        report(self);
        break;
      case detail::delta_outcome::old:
        break;
      case detail::delta_outcome::gap:
      case detail::delta_outcome::no_view:
        resync(self);
        break;
      }
    },
    [self](atom::run, const std::string& name) {
      return command(self, atom::run_v, name);
    },
    [self](atom::stop, const std::string& name) {
      return command(self, atom::stop_v, name);
    },
    [self](atom::restart, const std::string& name) {
      return command(self, atom::restart_v, name);
    },
  };
}

} // namespace hummel

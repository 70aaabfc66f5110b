// The CLUSTER VIEW with peers added and removed at run time (the local
// hub's discovery), and the CLUSTER NODE published for the hub, whose
// commands must carry the runtime file's credential; on CAF's test
// coordinator.

#include "actors/cluster_node.hpp"
#include "actors/cluster_view.hpp"
#include "actors/status_cache.hpp"
#include "messages/error.hpp"
#include "tests/support/deterministic_fixture.hpp"

#include <caf/event_based_actor.hpp>

using namespace std::chrono_literals;

namespace hummel {
namespace {

class cluster_view_peers_test : public test::deterministic_fixture {
protected:
  cluster_view_peers_test() {
    cluster_view_config vc;
    vc.local = &local;
    vc.cell = &cell;
    vc.cache = cache;
    vc.spawn_links = false; // this test sends the links' reports itself
    viewer = sys.spawn(cluster_viewer, vc);
    run();
  }

  ~cluster_view_peers_test() override {
    self->send_exit(viewer, caf::exit_reason::user_shutdown);
    self->send_exit(cache, caf::exit_reason::user_shutdown);
    run();
  }

  void put(const std::string& address, const std::string& name) {
    self->send(viewer, caf::put_atom_v, address, name, std::string{"secret"});
    run();
  }

  void remove(const std::string& address) {
    self->send(viewer, caf::delete_atom_v, address);
    run();
  }

  void report(uint32_t slot, const std::string& name, link_state state) {
    peer_report r;
    r.slot = slot;
    r.entry.name = name;
    r.entry.address = "/run/" + name + ".link";
    r.entry.state = state;
    self->send(viewer, atom::report_v, r);
    run();
  }

  std::vector<std::string> names() {
    std::vector<std::string> out;
    auto v = cell.read();
    for (const auto& n : v->nodes)
      out.push_back(n.name + ":" + std::string(to_string(n.state)));
    return out;
  }

  /// The state of node `key`, or "absent".
  std::string state_of(const std::string& key) {
    auto v = cell.read();
    const auto* n = v->find(key);
    return n ? std::string(to_string(n->state)) : "absent";
  }

  view_cell<status_view> local{make_empty_view("hub")};
  view_cell<cluster_view> cell{
    local.with([](const auto& v) { return make_local_cluster_view(v, ""); })};
  status_cache_actor cache = sys.spawn(status_cache, &local, "hub");
  cluster_viewer_actor viewer;
};

TEST_F(cluster_view_peers_test, peers_join_report_and_leave) {
  put("/run/api.link", "api");
  put("/run/web.link", "web");
  EXPECT_EQ(names(), (std::vector<std::string>{"hub:local", "api:connecting",
                                               "web:connecting"}));
  EXPECT_EQ(state_of("/run/web.link"), "connecting") << "by address too";
  report(1, "web", link_state::linked); // slot ids: api 0, web 1
  EXPECT_EQ(state_of("web"), "linked");
  remove("/run/api.link");
  EXPECT_EQ(names(), (std::vector<std::string>{"hub:local", "web:linked"}));
  report(0, "api", link_state::linked); // late report of a removed link
  EXPECT_EQ(names(), (std::vector<std::string>{"hub:local", "web:linked"}));
  EXPECT_EQ(state_of("api"), "absent");
}

TEST_F(cluster_view_peers_test, a_peer_put_again_is_relinked_in_place) {
  put("/run/api.link", "api");
  put("/run/web.link", "web");
  report(0, "api", link_state::linked);
  put("/run/api.link", "api"); // the daemon restarted: a new link, slot 2
  EXPECT_EQ(names(), (std::vector<std::string>{"hub:local", "api:connecting",
                                               "web:connecting"}));
  report(0, "api", link_state::linked); // the old link: dropped
  EXPECT_EQ(state_of("api"), "connecting");
  report(2, "api", link_state::linked);
  EXPECT_EQ(state_of("api"), "linked");
}

TEST_F(cluster_view_peers_test, removing_an_unknown_peer_changes_nothing) {
  put("/run/api.link", "api");
  remove("/run/nope.link");
  EXPECT_EQ(names(), (std::vector<std::string>{"hub:local", "api:connecting"}));
}

class hub_node_test : public test::deterministic_fixture {
protected:
  hub_node_test() {
    cluster_node_config nc;
    nc.cell = &cell;
    nc.cache = cache;
    nc.remote_control = true;
    nc.credential = "c0ffee";
    node = sys.spawn(cluster_node, nc);
    run();
  }

  ~hub_node_test() override {
    self->send_exit(node, caf::exit_reason::user_shutdown);
    self->send_exit(cache, caf::exit_reason::user_shutdown);
    run();
  }

  caf::expected<process_snapshot> stop(const std::string& from) {
    return request<process_snapshot>(caf::actor_cast<node_actor>(node),
                                     atom::stop_v, std::string{"web"}, from);
  }

  view_cell<status_view> cell{make_empty_view("n1")};
  status_cache_actor cache = sys.spawn(status_cache, &cell, "n1");
  cluster_node_actor node;
};

bool refused(const caf::expected<process_snapshot>& r) {
  return !r && r.error().category() == caf::atom("hummel")
         && static_cast<ec>(r.error().code()) == ec::not_permitted;
}

TEST_F(hub_node_test, a_command_without_the_credential_is_refused) {
  EXPECT_TRUE(refused(stop("hub")));
  EXPECT_TRUE(refused(stop(std::string{"hub"} + credential_separator + "bad")));
  EXPECT_TRUE(refused(stop(std::string{"hub"} + credential_separator)));
}

TEST_F(hub_node_test, a_command_with_the_credential_goes_on) {
  // No SUPERVISOR here: the command gets past the check and fails there.
  auto r = stop(std::string{"hub"} + credential_separator + "c0ffee");
  EXPECT_FALSE(refused(r));
}

} // namespace
} // namespace hummel

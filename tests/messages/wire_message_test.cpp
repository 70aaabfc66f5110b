// Whole CAF messages between cluster nodes: every request and reply of the
// node interface, typed actor handles, and hummel errors, serialised as
// BASP does (type names from the registry of prepare.cpp).

#include "messages/error.hpp"
#include "tests/messages/wire_support.hpp"

#include <caf/make_message.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <string>
#include <typeinfo>

namespace hummel {
namespace {

using test::expect_same;
using test::roundtrip;

// The stand-ins take an argument: CAF 0.17 dereferences a null argument
// tuple for an actor spawned with none (UBSan reports it).
node_sink_actor::behavior_type sink_impl(std::string) {
  return {[](atom::delta, const node_delta&) {}};
}

node_actor::behavior_type node_impl(std::string) {
  return {
    [](atom::subscribe, const node_sink_actor&) { return node_view{}; },
    [](atom::status, atom::all) { return node_view{}; },
    [](atom::run, const std::string&, const std::string&) {
      return process_snapshot{};
    },
    [](atom::stop, const std::string&, const std::string&) {
      return process_snapshot{};
    },
    [](atom::restart, const std::string&, const std::string&) {
      return process_snapshot{};
    },
  };
}

process_snapshot sample(std::string name) {
  process_snapshot x;
  x.name = std::move(name);
  x.index = 1;
  x.status = process_status::running;
  x.pid = 77;
  x.urls = {"http://localhost:1/"};
  x.last_seq = 5;
  return x;
}

class wire_message_test : public test::deterministic_fixture {
protected:
  ~wire_message_test() override {
    for (const auto& x :
         {caf::actor_cast<caf::actor>(sink), caf::actor_cast<caf::actor>(node)})
      self->send_exit(x, caf::exit_reason::user_shutdown);
    run();
  }

  /// The name a type travels under, "" when it is not registered.
  std::string portable_name(const std::type_info& ti) {
    const auto& name = sys.types().portable_name(0, &ti);
    return name == sys.types().default_type_name() ? std::string{} : name;
  }

  node_sink_actor sink = sys.spawn(sink_impl, "sink");
  node_actor node = sys.spawn(node_impl, "node");
};

TEST_F(wire_message_test, every_wire_type_is_registered_by_name) {
  EXPECT_EQ(portable_name(typeid(process_snapshot)),
            "hummel::process_snapshot");
  EXPECT_EQ(portable_name(typeid(node_view)), "hummel::node_view");
  EXPECT_EQ(portable_name(typeid(node_delta)), "hummel::node_delta");
  EXPECT_EQ(portable_name(typeid(node_sink_actor)), "hummel::node_sink_actor");
  EXPECT_EQ(portable_name(typeid(node_actor)), "hummel::node_actor");
}

TEST_F(wire_message_test, delta_message_round_trips) {
  node_delta d{"node-a", 3, 4, 1'700'000'000'000, {sample("web")}, {2}};
  auto y = roundtrip(sys, caf::make_message(atom::delta_v, d));
  ASSERT_TRUE((y.match_elements<atom::delta, node_delta>())) << to_string(y);
  expect_same(y.get_as<node_delta>(1), d);
}

TEST_F(wire_message_test, subscribe_carries_a_sink_handle_that_still_works) {
  auto y = roundtrip(sys, caf::make_message(atom::subscribe_v, sink));
  ASSERT_TRUE((y.match_elements<atom::subscribe, node_sink_actor>()))
    << to_string(y);
  auto back = y.get_as<node_sink_actor>(1);
  EXPECT_EQ(back, sink) << "the same actor comes back";
  EXPECT_EQ(back.id(), sink.id());
}

TEST_F(wire_message_test, null_handles_round_trip_null) {
  EXPECT_FALSE(roundtrip(sys, node_sink_actor{}));
  EXPECT_FALSE(roundtrip(sys, node_actor{}));
  EXPECT_EQ(roundtrip(sys, node), node);
}

TEST_F(wire_message_test, view_requests_and_replies_round_trip) {
  auto req = roundtrip(sys, caf::make_message(atom::status_v, atom::all_v));
  EXPECT_TRUE((req.match_elements<atom::status, atom::all>()));
  node_view v{"node-a", 9, 123, true, {sample("web"), sample("")}};
  auto reply = roundtrip(sys, caf::make_message(v));
  ASSERT_TRUE(reply.match_elements<node_view>()) << to_string(reply);
  expect_same(reply.get_as<node_view>(0), v);
}

TEST_F(wire_message_test, remote_control_requests_and_replies_round_trip) {
  for (auto name : {std::string{"web"}, std::string{}, std::string{"ünï"}}) {
    std::string from = "node-" + name;
    auto run = roundtrip(sys, caf::make_message(atom::run_v, name, from));
    ASSERT_TRUE((run.match_elements<atom::run, std::string, std::string>()));
    EXPECT_EQ(run.get_as<std::string>(1), name);
    EXPECT_EQ(run.get_as<std::string>(2), from);
    auto stop = roundtrip(sys, caf::make_message(atom::stop_v, name, from));
    EXPECT_TRUE((stop.match_elements<atom::stop, std::string, std::string>()));
    auto restart
      = roundtrip(sys, caf::make_message(atom::restart_v, name, from));
    EXPECT_TRUE(
      (restart.match_elements<atom::restart, std::string, std::string>()));
  }
  auto reply = roundtrip(sys, caf::make_message(sample("web")));
  ASSERT_TRUE(reply.match_elements<process_snapshot>());
  expect_same(reply.get_as<process_snapshot>(0), sample("web"));
}

TEST_F(wire_message_test, hummel_errors_round_trip_with_their_context) {
  for (auto code : {ec::unknown_process, ec::not_permitted, ec::unreachable}) {
    auto err = caf::make_error(code, "node-b", std::string{"wéb"});
    auto y = roundtrip(sys, err);
    EXPECT_EQ(y, code);
    EXPECT_EQ(y.category(), caf::atom("hummel"));
    EXPECT_EQ(sys.render(y), sys.render(err));
  }
  auto none = roundtrip(sys, caf::error{});
  EXPECT_FALSE(none);
}

TEST_F(wire_message_test, error_inside_a_message_round_trips) {
  auto err = caf::make_error(ec::not_permitted, "remote control is off");
  auto y = roundtrip(sys, caf::make_message(err));
  ASSERT_TRUE(y.match_elements<caf::error>()) << to_string(y);
  EXPECT_EQ(y.get_as<caf::error>(0), ec::not_permitted);
  EXPECT_EQ(sys.render(y.get_as<caf::error>(0)), sys.render(err));
}

TEST_F(wire_message_test, the_reason_is_read_from_the_context_not_the_text) {
  auto err
    = caf::make_error(ec::not_permitted, "remote control is off (\"x\")");
  EXPECT_EQ(reason_of(err), "remote control is off (\"x\")");
  EXPECT_EQ(reason_of(roundtrip(sys, err)), "remote control is off (\"x\")");
  EXPECT_EQ(reason_of(caf::make_error(ec::unknown_process, "a", "b")), "");
  EXPECT_EQ(reason_of(caf::make_error(ec::shutting_down)), "");
  EXPECT_EQ(reason_of(caf::error{}), "");
}

TEST_F(wire_message_test, empty_message_round_trips_empty) {
  auto y = roundtrip(sys, caf::message{});
  EXPECT_TRUE(y.empty());
}

} // namespace
} // namespace hummel

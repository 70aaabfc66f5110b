// Fuzz target: the cluster wire types (messages/cluster_wire.hpp) read by
// CAF 0.17's binary_deserializer, as a peer's bytes arrive: a node_view, a
// node_delta, or a whole caf::message (type names, then the registered
// types of messages/prepare.cpp).
//
// Input: byte 0 picks the type; the rest is the payload. Property: what
// deserialises without error serialises again and reads back to the same
// bytes (a value that cannot be written back would be lost on relay).

#include "messages/cluster_wire.hpp"
#include "messages/interfaces.hpp"
#include "messages/prepare.hpp"
#include "messages/status_json.hpp"
#include "messages/type_ids.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/atom.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include "fuzz/common.hpp"

#include <fstream>
#include <memory>
#include <string>

using namespace hummel;

namespace {

caf::actor_system& sys() {
  static auto* cfg = [] {
    auto* c = new caf::actor_system_config;
    prepare(*c);
    c->set("scheduler.policy", caf::atom("testing"));
    c->set("logger.verbosity", caf::atom("quiet"));
    return c;
  }();
  static auto* s = new caf::actor_system(*cfg);
  return *s;
}

/// What the monitor does with a peer's process: its JSON (MCP, `ps`).
void render(const process_snapshot& x) {
  auto replace = nlohmann::json::error_handler_t::replace;
  (void)status_json(x, 0).dump(-1, ' ', false, replace);
  (void)list_item_json(x).dump(-1, ' ', false, replace);
  (void)to_string(x.status);
}

void render(const node_view& v) {
  for (const auto& p : v.processes)
    render(p);
}

void render(const node_delta& d) {
  for (const auto& p : d.changed)
    render(p);
}

void render(const caf::message&) {
  // nop: its elements are the types above
}

template <class T>
void roundtrip(const char* data, size_t size) {
  T x;
  caf::binary_deserializer source{sys(), data, size};
  if (source(x))
    return;
  render(x);
  std::vector<char> once;
  caf::binary_serializer sink{sys(), once};
  fuzz::require(!sink(x), "a value read is written again");
  T y;
  caf::binary_deserializer again{sys(), once};
  fuzz::require(!again(y), "a written value reads back");
  fuzz::require(again.remaining() == 0, "reading back uses every byte");
  std::vector<char> twice;
  caf::binary_serializer sink2{sys(), twice};
  fuzz::require(!sink2(y), "the copy is written again");
  fuzz::require(once == twice, "write, read, write is stable");
}

template <class T>
void write_seed(const std::string& dir, const char* name, uint8_t kind,
                const T& x) {
  std::vector<char> buf{static_cast<char>(kind)};
  caf::binary_serializer sink{sys(), buf};
  fuzz::require(!sink(x), "seed serialises");
  std::ofstream f{dir + "/" + name, std::ios::binary};
  f.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

/// HUMMEL_FUZZ_WRITE_SEEDS=DIR: writes the seed corpus (real values as a
/// peer sends them) to DIR and exits.
void write_seeds(const std::string& dir) {
  process_snapshot p;
  p.name = "web";
  p.index = 1;
  p.command = "node server.js";
  p.status = process_status::running;
  p.run_id = 3;
  p.pid = 4242;
  p.start_ms = 1764150000000;
  p.restarts = 1;
  p.cpu_percent = 0.5;
  p.rss_bytes = 1 << 20;
  p.urls = {"http://localhost:3000"};
  p.last_seq = 99;
  p.restart_reason = "exited with code 1";
  node_view v{"build-box", 7, 1764150000000, true, {p, p}};
  v.processes[1].name = "api";
  node_delta d{"build-box", 7, 8, 1764150000001, {p}, {2}};
  write_seed(dir, "snapshot", 2, p);
  write_seed(dir, "view", 0, v);
  write_seed(dir, "delta", 1, d);
  write_seed(dir, "message_view", 3, caf::make_message(v));
  write_seed(dir, "message_delta", 3, caf::make_message(atom::delta_v, d));
  std::exit(0);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("HUMMEL_FUZZ_WRITE_SEEDS"))
    write_seeds(dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = fuzz::as_view(data, size);
  switch (fuzz::take_byte(in) % 4) {
  case 0:
    roundtrip<node_view>(in.data(), in.size());
    break;
  case 1:
    roundtrip<node_delta>(in.data(), in.size());
    break;
  case 2:
    roundtrip<process_snapshot>(in.data(), in.size());
    break;
  default:
    roundtrip<caf::message>(in.data(), in.size());
    break;
  }
  return 0;
}

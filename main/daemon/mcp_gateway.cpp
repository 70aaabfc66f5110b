#include "main/daemon/mcp_gateway.hpp"

#include "main/daemon/mcp_gateway_channels.hpp"
#include "net/client_limits.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <random>

namespace hummel {

namespace {

void json_error(net::http_exchange& ex, int status, int code,
                const std::string& message) {
  ex.respond(status, {{"Content-Type", "application/json"}},
             R"({"jsonrpc":"2.0","id":null,"error":{"code":)"
               + std::to_string(code) + R"(,"message":")" + message + R"("}})");
}

/// The protocol version of an `initialize` answer ("" if it has none).
std::string negotiated_version(std::string_view answer) {
  auto r = nlohmann::json::parse(answer, nullptr, false);
  if (!r.is_object())
    return {};
  auto i = r.find("result");
  if (i == r.end() || !i->is_object())
    return {};
  auto v = i->find("protocolVersion");
  return v != i->end() && v->is_string() ? v->get<std::string>() : "";
}

} // namespace

std::string random_hex(size_t bytes) {
  std::ifstream urandom{"/dev/urandom", std::ios::binary};
  std::string raw(bytes, '\0');
  urandom.read(raw.data(), static_cast<std::streamsize>(bytes));
  static constexpr char digits[] = "0123456789abcdef";
  std::string result;
  for (unsigned char c : raw) {
    result += digits[c >> 4];
    result += digits[c & 15];
  }
  return result;
}

// -- HTTP ---------------------------------------------------------------------

http_gateway::http_gateway(caf::actor_system& sys, const mcp_context* ctx,
                           bool allow_commands, session_limits limits)
  : sys_(sys),
    ctx_(ctx),
    allow_commands_(allow_commands),
    sessions_(limits.max_sessions, limits.idle_timeout),
    sweep_every_(std::min<std::chrono::steady_clock::duration>(
      std::chrono::seconds(1), limits.idle_timeout / 2)) {
  // Sessionless reads are answered on the io thread (mcp_tools/read_path).
  mcp::engine_config cfg;
  cfg.transport = mcp::transport_kind::http;
  cfg.allow_commands = allow_commands_;
  cfg.check_results = false;
  reads_ = std::make_unique<mcp_read_path>(sys_, ctx_, std::move(cfg));
}

http_gateway::~http_gateway() {
  shutdown();
}

mcp_session_actor http_gateway::spawn_session() {
  mcp::engine_config cfg;
  cfg.transport = mcp::transport_kind::http;
  cfg.allow_commands = allow_commands_;
  // The backend's results are checked against the output schemas by the
  // engine tests and by every SDK client in the e2e tests; per call, the
  // check would cost more than building the result.
  cfg.check_results = false;
  return sys_.spawn(mcp_session, ctx_, std::move(cfg));
}

std::optional<http_session> http_gateway::begin(const std::string& id,
                                                net::http_exchange& ex) {
  std::optional<http_session> s;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    s = sessions_.use(id, std::chrono::steady_clock::now(), true);
  }
  if (!s)
    return s;
  ex.on_close([this, id] {
    std::lock_guard<std::mutex> guard{mtx_};
    sessions_.end(id, std::chrono::steady_clock::now());
  });
  return s;
}

bool http_gateway::open_session(const std::string& id, http_session s) {
  std::vector<http_session> evicted;
  bool added = false;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    added = sessions_.add(id, s, std::chrono::steady_clock::now(), evicted);
  }
  for (auto& old : evicted)
    caf::anon_send(old.actor, atom::shutdown_v);
  return added;
}

void http_gateway::expire_idle() {
  auto now = std::chrono::steady_clock::now();
  std::vector<http_session> expired;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (now - last_sweep_ < sweep_every_)
      return;
    last_sweep_ = now;
    expired = sessions_.expire(now);
  }
  for (auto& s : expired)
    caf::anon_send(s.actor, atom::shutdown_v);
  if (!expired.empty())
    net::heap_freed();
}

size_t http_gateway::sessions() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return sessions_.size();
}

void http_gateway::shutdown() {
  std::vector<http_session> all;
  std::vector<mcp_session_actor> shared;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    all = sessions_.take_all();
    shared.swap(stateless_);
    closed_ = true;
  }
  for (auto& s : all)
    caf::anon_send(s.actor, atom::shutdown_v);
  for (auto& s : shared)
    caf::anon_send(s, atom::shutdown_v);
  reads_->shutdown();
}

void http_gateway::handle(net::http_request req,
                          std::shared_ptr<net::http_exchange> ex) {
  expire_idle();
  const auto* sid = req.header("mcp-session-id");
  if (req.method == "POST")
    return post(req, std::move(ex));
  if (req.method == "GET") {
    if (sid == nullptr)
      return json_error(*ex, 405, -32600,
                        "GET needs an Mcp-Session-Id (no stateless stream)");
    return stream(*sid, std::move(ex));
  }
  if (req.method == "DELETE") {
    if (sid == nullptr)
      return json_error(*ex, 400, -32600, "DELETE needs an Mcp-Session-Id");
    mcp_session_actor s;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      if (auto x = sessions_.remove(*sid))
        s = x->actor;
    }
    if (!s)
      return json_error(*ex, 404, -32600, "unknown session");
    caf::anon_send(s, atom::shutdown_v);
    net::heap_freed();
    ex->respond(200, {}, {});
    return;
  }
  ex->respond(405, {{"Allow", "GET, POST, DELETE"}}, {});
}

void http_gateway::stream(const std::string& id,
                          std::shared_ptr<net::http_exchange> ex) {
  auto found = begin(id, *ex);
  if (!found)
    return json_error(*ex, 404, -32600, "unknown session");
  auto s = found->actor;
  ex->start_stream(200, {{"Cache-Control", "no-cache"}});
  ex->send_comment("stream open");
  auto ch = std::make_shared<gateway::sse_channel>(ex);
  caf::anon_send(s, atom::stream_v, mcp_channel_ptr{ch});
  ex->on_close([s] { caf::anon_send(s, atom::stream_v, mcp_channel_ptr{}); });
}

void http_gateway::post(net::http_request& req,
                        std::shared_ptr<net::http_exchange> ex) {
  mcp_request mr;
  mr.http = true;
  mr.body = std::move(req.body);
  if (auto* v = req.header("mcp-protocol-version"))
    mr.headers.protocol_version = *v;
  if (auto* v = req.header("mcp-method"))
    mr.headers.method = *v;
  if (auto* v = req.header("mcp-name"))
    mr.headers.name = *v;
  mr.key = next_key_++;
  mr.who.transport = "http";
  mr.who.uid = req.peer_uid;
  mr.who.address = req.peer;
  if (answer_here(req, mr, ex))
    return;
  mcp_session_actor s;
  bool fresh = false;
  if (auto* sid = req.header("mcp-session-id")) {
    auto found = begin(*sid, *ex);
    if (!found)
      return json_error(*ex, 404, -32600, "unknown or ended session");
    if (answer_session_read(*found, mr, ex))
      return;
    s = found->actor;
  } else if (mr.body.find("\"initialize\"") != std::string::npos) {
    // Probably an `initialize`: a new engine for this message. If it opens
    // a session, the engine becomes that session; otherwise it ends with
    // its exchange.
    s = spawn_session();
    fresh = true;
  } else {
    // Sessionless: a shared engine answers (stateless era, or the error for
    // a legacy request without its session).
    std::lock_guard<std::mutex> guard{mtx_};
    if (closed_)
      return json_error(*ex, 503, -32603, "shutting down");
    if (stateless_.empty()) {
      // Spawned at the first sessionless request the read path does not
      // answer: until then no idle engine follows the STATUS CACHE's
      // deltas (at a storm's rate, that cost every read CPU). A few, each
      // on one worker at a time.
      for (int i = 0; i < 4; ++i)
        stateless_.push_back(spawn_session());
    }
    s = stateless_[next_stateless_++ % stateless_.size()];
  }
  auto opened = std::make_shared<std::atomic<bool>>(false);
  auto on_session
    = [this, s, opened](const std::string& id, std::string_view answer) {
        if (!open_session(id, {s, negotiated_version(answer)}))
          return false;
        opened->store(true);
        return true;
      };
  mr.reply = std::make_shared<gateway::http_channel>(ex, on_session);
  auto key = mr.key;
  ex->on_close([s, key, fresh, opened] {
    caf::anon_send(s, atom::close_v, key);
    if (fresh && !opened->load())
      caf::anon_send(s, atom::shutdown_v);
  });
  caf::anon_send(s, atom::request_v, std::move(mr));
}

bool http_gateway::answer_here(const net::http_request& req,
                               const mcp_request& mr,
                               const std::shared_ptr<net::http_exchange>& ex) {
  if (req.header("mcp-session-id") != nullptr
      || mr.body.find("\"initialize\"") != std::string::npos)
    return false;
  if (ctx_->read_floor) {
    // Benchmark only: the server's floor, a fixed body.
    ex->respond(200, {{"Content-Type", "application/json"}},
                R"({"jsonrpc":"2.0","id":1,"result":{}})");
    return true;
  }
  // The hub's reads take `project` and span projects: its SESSIONs answer.
  if (ctx_->hub_projects || !mcp_read_path::wants(mr.headers))
    return false;
  auto ch = std::make_shared<gateway::http_channel>(ex, gateway::no_session);
  return reads_->answer(mr.body, mr.headers, ch);
}

bool http_gateway::answer_session_read(
  const http_session& s, const mcp_request& mr,
  const std::shared_ptr<net::http_exchange>& ex) {
  // The hub's reads take `project` and span projects: its SESSIONs answer.
  if (ctx_->hub_projects || s.version.empty()
      || !mcp_read_path::wants_session(mr.body))
    return false;
  auto ch = std::make_shared<gateway::http_channel>(ex, gateway::no_session);
  return reads_->answer_session(s.version, mr.body, mr.headers, ch);
}

uint64_t http_gateway::answered_here() const noexcept {
  return reads_->answered();
}

} // namespace hummel

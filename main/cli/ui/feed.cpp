#include "main/cli/ui/feed.hpp"

#include "main/cli/protocol.hpp"

namespace hummel::ui {

using nlohmann::json;
using namespace std::chrono_literals;

bool feed_conn::connect(const std::filesystem::path& socket,
                        std::string& error) {
  client_.close();
  if (auto err = client_.connect(socket, 1s)) {
    error = err->message;
    return false;
  }
  return true;
}

void feed_conn::close() {
  client_.close();
}

bool feed_conn::connected() const {
  return client_.connected();
}

int feed_conn::fd() const {
  return client_.native_handle();
}

int64_t feed_conn::send(json message) {
  auto line = message.dump(-1, ' ', false, json::error_handler_t::replace);
  if (client_.send_line(line, 2s)) {
    close();
    return 0;
  }
  return message["id"].get<int64_t>();
}

int64_t feed_conn::request(std::string_view method, json params) {
  // The same `_meta` as a tool call (stateless protocol, no handshake).
  auto msg = cli::make_tool_call(next_id_++, "", json::object(), false);
  if (!params.is_object())
    params = json::object();
  params["_meta"] = msg["params"]["_meta"];
  msg["method"] = std::string{method};
  msg["params"] = std::move(params);
  return send(std::move(msg));
}

int64_t feed_conn::tool(std::string_view name, json args, bool progress) {
  return send(cli::make_tool_call(next_id_++, name, std::move(args), progress));
}

bool feed_conn::drain(std::vector<json>& out) {
  std::string line;
  for (;;) {
    auto err = client_.read_line(line, 0ms);
    if (!err) {
      auto in = cli::classify_line(line);
      if (in.kind != cli::message_kind::invalid)
        out.push_back(std::move(in.message));
      continue;
    }
    if (err->code == net::client_errc::timeout)
      return true;
    close();
    return false;
  }
}

std::string notification_method(const json& message) {
  if (!message.is_object() || message.contains("id"))
    return {};
  auto m = message.find("method");
  return m != message.end() && m->is_string() ? m->get<std::string>() : "";
}

bool log_follower::start(const std::filesystem::path& socket,
                         const std::string& name, log_buffer& log,
                         std::string& error) {
  stop();
  name_ = name;
  log.reset(name);
  if (name.empty())
    return true;
  if (!conn_.connect(socket, error))
    return false;
  first_
    = conn_.tool("logs_stream", json{{"name", name}, {"limit", 500}}, false);
  return first_ != 0;
}

void log_follower::stop() {
  conn_.close();
  name_.clear();
  first_ = follow_ = 0;
}

const std::string& log_follower::name() const noexcept {
  return name_;
}

feed_conn& log_follower::conn() noexcept {
  return conn_;
}

void log_follower::follow_from(uint64_t seq) {
  follow_ = conn_.tool("logs_stream",
                       json{{"name", name_},
                            {"since_seq", seq},
                            {"follow", true},
                            {"timeout_ms", 30000},
                            {"limit", 1000}},
                       true);
}

bool log_follower::on_message(const json& message, log_buffer& log) {
  if (notification_method(message) == "notifications/progress") {
    auto line = cli::progress_line(message);
    return line && log.add(*line);
  }
  auto id = message.value("id", json());
  if (!id.is_number_integer())
    return false;
  auto n = id.get<int64_t>();
  if (n != first_ && n != follow_)
    return false;
  auto r = cli::parse_tool_response(message);
  if (r.exit != cli::exit_ok) {
    log.add(json{{"text", "(" + r.error + ")"}, {"stream", "stderr"}});
    return true;
  }
  bool changed = false;
  for (const auto& l : r.structured.value("lines", json::array()))
    changed = log.add(l) || changed;
  follow_from(r.structured.value("next_seq", uint64_t{0}));
  return changed;
}

} // namespace hummel::ui

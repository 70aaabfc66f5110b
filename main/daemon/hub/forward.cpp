#include "main/daemon/hub/forward.hpp"

#include "net/line_client.hpp"

#include <nlohmann/json.hpp>

#include <chrono>

namespace hummel {

using nlohmann::json;

std::string call_project_daemon(const std::string& socket,
                                const std::string& call) {
  auto fail = [](const std::string& why) {
    return json{{"error", {{"message", why}}}}.dump();
  };
  net::line_client c;
  if (auto err = c.connect(socket))
    return fail("the project's daemon does not answer on " + socket + ": "
                + err->message);
  json init{{"jsonrpc", "2.0"},
            {"id", 1},
            {"method", "initialize"},
            {"params",
             {{"protocolVersion", "2025-06-18"},
              {"capabilities", json::object()},
              {"clientInfo", {{"name", "hummel-hub"}, {"version", "1"}}}}}};
  for (const auto& line :
       {init.dump(),
        std::string{
          R"({"jsonrpc":"2.0","method":"notifications/initialized"})"},
        call})
    if (auto err = c.send_line(line))
      return fail("cannot send to the project's daemon: " + err->message);
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto err = c.read_line(line, std::chrono::seconds{5})) {
      if (err->code == net::client_errc::timeout)
        continue;
      return fail("the project's daemon closed the connection: "
                  + err->message);
    }
    auto j = json::parse(line, nullptr, false);
    if (j.is_object() && j.value("id", json()) == 2)
      return line;
  }
  return fail("no answer from the project's daemon within 60 s");
}

} // namespace hummel

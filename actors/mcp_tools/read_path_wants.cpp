#include "actors/mcp_tools/read_path.hpp"

#include <nlohmann/json.hpp>

// Which requests the read path serves (read_path.hpp): by the headers of a
// sessionless POST, or by the body of a session's.

namespace hummel {

namespace {

constexpr std::string_view procs_uri = "hummel://processes";

std::string_view trimmed(const std::string& x) {
  std::string_view v{x};
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
    v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
    v.remove_suffix(1);
  return v;
}

/// Whether `uri` is the status resource or one process's.
bool status_resource(std::string_view uri) {
  return uri == procs_uri
         || (uri.size() > procs_uri.size() + 1
             && uri.substr(0, procs_uri.size()) == procs_uri
             && uri[procs_uri.size()] == '/');
}

} // namespace

bool mcp_read_path::wants(const mcp::http_headers& h) {
  if (!h.method || !h.protocol_version)
    return false;
  auto m = trimmed(*h.method);
  if (m == "ping")
    return true;
  if (!h.name)
    return false;
  auto n = trimmed(*h.name);
  if (m == "tools/call")
    return n == "scripts_status" || n == "scripts_list"
           || n == "cluster_status";
  if (m == "resources/read")
    return status_resource(n);
  return false;
}

bool mcp_read_path::wants_session(std::string_view body) {
  auto msg = nlohmann::json::parse(body, nullptr, false);
  if (!msg.is_object() || !msg.contains("id"))
    return false;
  auto m = msg.find("method");
  if (m == msg.end() || !m->is_string())
    return false;
  if (*m == "ping")
    return true;
  auto p = msg.find("params");
  if (p == msg.end() || !p->is_object())
    return false;
  if (*m == "tools/call") {
    auto n = p->find("name");
    return n != p->end()
           && (*n == "scripts_status" || *n == "scripts_list"
               || *n == "cluster_status");
  }
  if (*m == "resources/read") {
    auto u = p->find("uri");
    if (u == p->end() || !u->is_string())
      return false;
    return status_resource(u->get_ref<const std::string&>());
  }
  return false;
}

} // namespace hummel

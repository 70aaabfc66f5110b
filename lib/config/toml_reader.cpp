// hummel.toml: syntax, the top level and [daemon]; [processes.*] tables are
// read by toml_process.cpp.

#include "config/detail/keys.hpp"
#include "config/detail/toml_guard.hpp"
#include "config/detail/toml_util.hpp"
#include "config/load.hpp"

#include <algorithm>
#include <exception>

namespace hummel::config_detail {

namespace {

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
  case toml::node_type::string:
    return "a string";
  case toml::node_type::integer:
    return "an integer";
  case toml::node_type::floating_point:
    return "a floating-point number";
  case toml::node_type::boolean:
    return "a boolean";
  case toml::node_type::table:
    return "a table";
  case toml::node_type::array:
    return "an array";
  case toml::node_type::date:
    return "a date";
  case toml::node_type::time:
    return "a time";
  case toml::node_type::date_time:
    return "a date-time";
  default:
    return "nothing";
  }
}

/// Reads one of the client limits of `[daemon]`; false if `e` is none.
bool read_daemon_limit(const toml_entry& e, error_sink& sink,
                       daemon_settings& out) {
  if (e.key == "output_budget") {
    if (auto n = expect_integer(sink, e, 1 << 20))
      out.output_budget = static_cast<uint64_t>(*n);
  } else if (e.key == "max_connections") {
    if (auto n = expect_integer(sink, e, 1, 1000000))
      out.max_connections = static_cast<uint32_t>(*n);
  } else if (e.key == "max_connections_per_address") {
    if (auto n = expect_integer(sink, e, 1, 1000000))
      out.max_connections_per_address = static_cast<uint32_t>(*n);
  } else if (e.key == "header_timeout") {
    if (auto ms = expect_duration(sink, e))
      out.header_timeout = std::max(*ms, std::chrono::milliseconds{1000});
  } else if (e.key == "idle_timeout") {
    if (auto ms = expect_duration(sink, e))
      out.idle_timeout = std::max(*ms, std::chrono::milliseconds{1000});
  } else {
    return false;
  }
  return true;
}

void read_daemon(const toml_entry& d, error_sink& sink, daemon_settings& out) {
  const auto* table = d.node->as_table();
  if (!table) {
    wrong_type(sink, d, "a table");
    return;
  }
  for (const auto& e : in_file_order(*table)) {
    if (e.key == "http") {
      if (auto s = expect_string(sink, e)) {
        if (is_valid_listen_address(*s)) {
          out.http = *s;
          out.http_explicit = true;
        } else {
          sink.add(e.line, "invalid 'http' address '" + *s
                             + "' (expected \"host:port\" or \"off\")");
        }
      }
    } else if (e.key == "grace_period") {
      if (auto ms = expect_duration(sink, e))
        out.grace_period = *ms;
    } else if (e.key == "log_file_max_bytes") {
      if (auto n = expect_integer(sink, e, 1))
        out.log_file_max_bytes = static_cast<uint64_t>(*n);
    } else if (e.key == "log_file_count") {
      if (auto n = expect_integer(sink, e, 1, 1000))
        out.log_file_count = static_cast<uint32_t>(*n);
    } else if (e.key == "reload") {
      if (auto s = expect_string(sink, e)) {
        if (*s == "auto" || *s == "manual")
          out.reload = *s;
        else
          sink.add(e.line, "invalid 'reload' value '" + *s
                             + "' (expected \"auto\" or \"manual\")");
      }
    } else if (!read_daemon_limit(e, sink, out)) {
      unknown_key(sink, e, "in [daemon]", keys::daemon);
    }
  }
}

void read_mcp(const toml_entry& m, error_sink& sink, mcp_settings& out) {
  const auto* table = m.node->as_table();
  if (!table) {
    wrong_type(sink, m, "a table");
    return;
  }
  for (const auto& e : in_file_order(*table)) {
    if (e.key == "allow_commands") {
      if (auto b = expect_bool(sink, e))
        out.allow_commands = *b;
    } else if (e.key == "token") {
      if (auto s = expect_string(sink, e)) {
        if (s->size() < 16)
          sink.add(e.line, "'token' must have at least 16 characters");
        else
          out.token = *s;
      }
    } else if (e.key == "session_idle_timeout") {
      if (auto ms = expect_duration(sink, e))
        out.session_idle_timeout = std::max(*ms, std::chrono::milliseconds{1});
    } else if (e.key == "max_sessions") {
      if (auto n = expect_integer(sink, e, 1, 1000000))
        out.max_sessions = static_cast<uint32_t>(*n);
    } else {
      unknown_key(sink, e, "in [mcp]", keys::mcp);
    }
  }
}

} // namespace

std::vector<toml_entry> in_file_order(const toml::table& table) {
  struct keyed {
    toml_entry entry;
    toml::source_position at;
  };
  std::vector<keyed> all;
  for (const auto& [key, node] : table) {
    int line = line_of(node);
    if (line == 0)
      line = static_cast<int>(key.source().begin.line);
    all.push_back({{key.str(), line, &node}, key.source().begin});
  }
  std::stable_sort(all.begin(), all.end(), [](const keyed& a, const keyed& b) {
    return a.at.line != b.at.line ? a.at.line < b.at.line
                                  : a.at.column < b.at.column;
  });
  std::vector<toml_entry> out;
  for (auto& k : all)
    out.push_back(k.entry);
  return out;
}

int line_of(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

void wrong_type(error_sink& sink, const toml_entry& e, std::string_view what) {
  // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on a + chain here.
  std::string reason = "'";
  reason.append(e.key).append("' must be ").append(what).append(", not ");
  reason.append(type_name(*e.node));
  sink.add(e.line, std::move(reason));
}

void unknown_key(error_sink& sink, const toml_entry& e, std::string_view where,
                 std::span<const std::string_view> allowed,
                 std::span<const keys::alias> aliases) {
  auto hint = did_you_mean(e.key, allowed);
  for (const auto& a : aliases)
    if (e.key == a.theirs)
      hint = " (did you mean '" + std::string{a.ours} + "'?)";
  sink.add(e.line, "unknown key '" + std::string{e.key} + "' "
                     + std::string{where} + hint);
}

std::optional<std::string> expect_string(error_sink& sink,
                                         const toml_entry& e) {
  if (const auto* s = e.node->as_string())
    return s->get();
  wrong_type(sink, e, "a string");
  return std::nullopt;
}

std::optional<int64_t> expect_integer(error_sink& sink, const toml_entry& e,
                                      int64_t min, int64_t max) {
  const auto* i = e.node->as_integer();
  if (!i) {
    wrong_type(sink, e, "an integer");
    return std::nullopt;
  }
  int64_t v = i->get();
  if (v >= min && v <= max)
    return v;
  std::string key{e.key};
  if (max == std::numeric_limits<int64_t>::max())
    sink.add(e.line, "'" + key + "' must be >= " + std::to_string(min));
  else
    sink.add(e.line, "'" + key + "' must be between " + std::to_string(min)
                       + " and " + std::to_string(max));
  return std::nullopt;
}

std::optional<bool> expect_bool(error_sink& sink, const toml_entry& e) {
  if (const auto* b = e.node->as_boolean())
    return b->get();
  wrong_type(sink, e, "a boolean");
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> expect_duration(error_sink& sink,
                                                         const toml_entry& e) {
  const auto* s = e.node->as_string();
  if (!s) {
    wrong_type(sink, e, "a duration string such as \"5s\"");
    return std::nullopt;
  }
  if (auto ms = parse_duration(s->get()))
    return ms;
  sink.add(e.line, "invalid duration '" + s->get() + "' for '"
                     + std::string{e.key}
                     + "' (examples: \"250ms\", \"5s\", \"1.5s\", \"2m\", "
                       "\"1h\")");
  return std::nullopt;
}

namespace {

/// Reports every key and string holding a NUL byte ("\u0000" is valid
/// TOML): the C library would read a command, a path or a variable only up
/// to it. Returns true when there is none.
bool refuse_nul(const toml::node& node, const std::string& key,
                error_sink& sink) {
  bool ok = true;
  if (const auto* table = node.as_table()) {
    for (const auto& [k, v] : *table) {
      std::string_view name = k.str();
      if (name.find('\0') != std::string_view::npos) {
        sink.add(line_of(v), "a key " + (key.empty() ? "" : "in '" + key + "' ")
                               + "contains a NUL byte (\\u0000)");
        ok = false;
        continue;
      }
      auto dotted
        = key.empty() ? std::string{name} : key + "." + std::string{name};
      ok = refuse_nul(v, dotted, sink) && ok;
    }
  } else if (const auto* array = node.as_array()) {
    for (const auto& item : *array)
      ok = refuse_nul(item, key, sink) && ok;
  } else if (const auto* s = node.as_string()) {
    if (s->get().find('\0') != std::string::npos) {
      sink.add(line_of(node),
               "'" + key + "' must not contain a NUL byte (\\u0000)");
      ok = false;
    }
  }
  return ok;
}

} // namespace

void read_toml(std::string_view text, const std::filesystem::path& file,
               const std::filesystem::path& dir, toml_contents& out,
               std::vector<config_error>& errors) {
  error_sink sink{file.string(), errors};
  auto guarded = guard_toml(text);
  if (!guarded.error.empty()) {
    sink.add(guarded.line, guarded.error);
    return;
  }
  toml::table root;
  try {
    root = toml::parse(guarded.text, file.string());
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    sink.add(static_cast<int>(at.line),
             "TOML syntax error: " + std::string{e.description()} + " (column "
               + std::to_string(at.column) + ")");
    return;
  } catch (const std::exception& e) {
    sink.add(0, std::string{"cannot parse: "} + e.what());
    return;
  }
  if (!refuse_nul(root, "", sink))
    return;
  auto entries = in_file_order(root);
  // [daemon] first: its grace_period is the processes' default.
  for (const auto& e : entries)
    if (e.key == "daemon")
      read_daemon(e, sink, out.daemon);
  for (const auto& e : entries) {
    if (e.key == "daemon")
      continue;
    if (e.key == "mcp") {
      read_mcp(e, sink, out.mcp);
      continue;
    }
    if (e.key == "cluster") {
      read_cluster(e, dir, sink, out.cluster);
      continue;
    }
    if (e.key == "errors") {
      read_errors(e, dir, sink, out.errors);
      continue;
    }
    if (e.key != "processes") {
      unknown_key(sink, e, "at the top level", keys::top);
      continue;
    }
    const auto* table = e.node->as_table();
    if (!table) {
      wrong_type(sink, e, "a table");
      continue;
    }
    for (const auto& p : in_file_order(*table))
      read_process(p, out.daemon, dir, sink, out.processes);
  }
}

} // namespace hummel::config_detail

// One [processes.<name>] table of hummel.toml.

#include "config/detail/keys.hpp"
#include "config/detail/toml_util.hpp"
#include "config/load.hpp"

#include <re2/re2.h>

#include <array>
#include <set>
#include <system_error>

namespace hummel::config_detail {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 3> restart_values{"no", "on-failure",
                                                         "always"};

constexpr std::array<std::string_view, 3> condition_values{"started", "ready",
                                                           "completed"};

using env_list = std::vector<std::pair<std::string, std::string>>;

bool is_valid_env_key(std::string_view key) {
  return !key.empty() && key.find('=') == std::string_view::npos
         && key.find('\0') == std::string_view::npos;
}

/// Keeps the last value of each variable, in the order of last assignment.
env_list deduplicate(const env_list& all) {
  env_list out;
  std::set<std::string> seen;
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (seen.insert(it->first).second)
      out.push_back(*it);
  return {out.rbegin(), out.rend()};
}

struct process_reader {
  error_sink& sink;
  const fs::path& dir;
  parsed_process& p;
  std::string where;
  env_list file_env;
  env_list table_env;
  bool has_command = false;
  bool has_argv = false;

  fs::path resolve(const std::string& s) const {
    fs::path path{s};
    return (path.is_absolute() ? path : dir / path).lexically_normal();
  }

  void read(const toml_entry& e) {
    auto& d = p.def;
    if (e.key == "command") {
      has_command = true;
      if (auto s = expect_string(sink, e)) {
        if (s->find_first_not_of(" \t\r\n") == std::string::npos)
          sink.add(e.line, "'command' must not be empty");
        d.command = *s;
      }
    } else if (e.key == "argv") {
      has_argv = true;
      read_argv(e);
    } else if (e.key == "cwd") {
      if (auto s = expect_string(sink, e)) {
        d.cwd = resolve(*s);
        std::error_code ec;
        if (s->empty() || !fs::is_directory(d.cwd, ec))
          sink.add(e.line, "cwd '" + *s + "' is not a directory");
      }
    } else if (e.key == "env") {
      read_env(e);
    } else if (e.key == "env_file") {
      read_env_files(e);
    } else if (e.key == "autostart") {
      if (auto b = expect_bool(sink, e))
        d.autostart = *b;
    } else if (e.key == "restart") {
      read_restart(e);
    } else if (e.key == "max_restarts") {
      if (auto n = expect_integer(sink, e, 0, UINT32_MAX))
        d.max_restarts = static_cast<uint32_t>(*n);
    } else if (e.key == "depends_on") {
      read_depends_on(e);
    } else if (e.key == "ready") {
      read_ready(e);
    } else if (e.key == "stop_signal") {
      read_signal(e);
    } else if (e.key == "grace_period") {
      if (auto ms = expect_duration(sink, e))
        d.grace_period = *ms;
    } else if (e.key == "log_max_lines") {
      if (auto n = expect_integer(sink, e, 1))
        d.log_max_lines = static_cast<size_t>(*n);
    } else if (e.key == "log_max_bytes") {
      if (auto n = expect_integer(sink, e, 1))
        d.log_max_bytes = static_cast<size_t>(*n);
    } else if (e.key == "watch") {
      read_globs(sink, e, d.watch);
    } else if (e.key == "watch_ignore") {
      read_globs(sink, e, d.watch_ignore);
    } else if (e.key == "watch_debounce") {
      read_debounce(sink, e, d.watch_debounce);
    } else {
      unknown_key(sink, e, where, keys::process, keys::process_aliases);
    }
  }

  void read_argv(const toml_entry& e) {
    const auto* array = e.node->as_array();
    if (!array) {
      wrong_type(sink, e, "an array of strings");
      return;
    }
    if (array->empty())
      sink.add(e.line, "'argv' must not be empty");
    for (const auto& item : *array) {
      const auto* s = item.as_string();
      if (!s) {
        sink.add(line_of(item), "'argv' must be an array of strings");
        return;
      }
      p.def.argv.push_back(s->get());
    }
    if (!p.def.argv.empty() && p.def.argv.front().empty())
      sink.add(e.line, "'argv' must not start with an empty program name");
  }

  void read_env(const toml_entry& e) {
    const auto* table = e.node->as_table();
    if (!table) {
      wrong_type(sink, e, "a table");
      return;
    }
    for (const auto& v : in_file_order(*table)) {
      std::string key{v.key};
      if (!is_valid_env_key(key)) {
        sink.add(v.line, "invalid environment variable name '" + key + "'");
        continue;
      }
      if (const auto* s = v.node->as_string())
        table_env.emplace_back(key, s->get());
      else if (const auto* i = v.node->as_integer())
        table_env.emplace_back(key, std::to_string(i->get()));
      else if (const auto* b = v.node->as_boolean())
        table_env.emplace_back(key, b->get() ? "true" : "false");
      else
        sink.add(v.line, "env value of '" + key
                           + "' must be a string, an integer or a boolean");
    }
  }

  void read_env_files(const toml_entry& e) {
    if (const auto* s = e.node->as_string()) {
      read_env_file(s->get(), e.line);
      return;
    }
    const auto* array = e.node->as_array();
    if (!array) {
      wrong_type(sink, e, "a string or an array of strings");
      return;
    }
    for (const auto& item : *array) {
      if (const auto* s = item.as_string())
        read_env_file(s->get(), line_of(item));
      else
        sink.add(line_of(item), "'env_file' must be a string or an array "
                                "of strings");
    }
  }

  void read_env_file(const std::string& name, int line) {
    fs::path path = resolve(name);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      sink.add(line, "env_file '" + name + "' not found");
      return;
    }
    std::string why;
    auto text = read_text(path, why);
    if (!text) {
      sink.add(line, "env_file '" + name + "' cannot be read: " + why);
      return;
    }
    for (auto& kv : parse_dotenv(*text, path.string(), sink.errors))
      file_env.push_back(std::move(kv));
  }

  void read_restart(const toml_entry& e) {
    auto s = expect_string(sink, e);
    if (!s)
      return;
    if (*s == "no")
      p.def.restart = restart_policy::no;
    else if (*s == "on-failure")
      p.def.restart = restart_policy::on_failure;
    else if (*s == "always")
      p.def.restart = restart_policy::always;
    else
      sink.add(e.line, "invalid restart policy '" + *s
                         + "' (expected no, on-failure or always)"
                         + did_you_mean(*s, restart_values));
  }

  void add_dependency(const std::string& name, const std::string& condition,
                      int line) {
    dependency dep{name, dep_condition::started};
    if (condition == "ready") {
      dep.condition = dep_condition::ready;
    } else if (condition == "completed") {
      dep.condition = dep_condition::completed;
    } else if (condition != "started") {
      sink.add(line, "invalid dependency condition '" + condition + "' for '"
                       + name + "' (expected started, ready or completed)"
                       + did_you_mean(condition, condition_values));
      return;
    }
    for (const auto& existing : p.def.depends_on)
      if (existing.name == name) {
        sink.add(line, "duplicate dependency '" + name + "'");
        return;
      }
    p.def.depends_on.push_back(std::move(dep));
    p.dep_lines.push_back(line);
  }

  void read_depends_on(const toml_entry& e) {
    if (const auto* array = e.node->as_array()) {
      for (const auto& item : *array) {
        if (const auto* s = item.as_string())
          add_dependency(s->get(), "started", line_of(item));
        else
          sink.add(line_of(item), "'depends_on' entries must be process "
                                  "names (strings)");
      }
      return;
    }
    const auto* table = e.node->as_table();
    if (!table) {
      wrong_type(sink, e, "a table or an array of process names");
      return;
    }
    for (const auto& d : in_file_order(*table)) {
      if (const auto* s = d.node->as_string())
        add_dependency(std::string{d.key}, s->get(), d.line);
      else
        sink.add(d.line, "condition of dependency '" + std::string{d.key}
                           + "' must be a string (started, ready or "
                             "completed)");
    }
  }

  void read_ready(const toml_entry& e) {
    const auto* table = e.node->as_table();
    if (!table) {
      wrong_type(sink, e, "a table such as { log = \"listening\" }");
      return;
    }
    auto& r = p.def.ready;
    int kinds = 0;
    for (const auto& k : in_file_order(*table)) {
      if (k.key == "log") {
        ++kinds;
        if (auto s = expect_string(sink, k)) {
          RE2::Options options;
          options.set_log_errors(false);
          RE2 re(*s, options);
          if (s->empty())
            sink.add(k.line, "'log' pattern must not be empty");
          else if (!re.ok())
            sink.add(k.line, "invalid 'log' pattern: " + re.error());
          r.type = readiness::kind::log;
          r.log_pattern = *s;
        }
      } else if (k.key == "tcp") {
        ++kinds;
        if (auto n = expect_integer(sink, k, 1, 65535)) {
          r.type = readiness::kind::tcp;
          r.tcp_port = static_cast<uint16_t>(*n);
        }
      } else if (k.key == "http") {
        ++kinds;
        if (auto s = expect_string(sink, k)) {
          if (!is_http_url(*s))
            sink.add(k.line, "'http' must be an http:// URL with a host, "
                             "got '"
                               + *s + "'");
          r.type = readiness::kind::http;
          r.http_url = *s;
        }
      } else {
        unknown_key(sink, k, "in [processes." + p.def.name + ".ready]",
                    keys::ready_table);
      }
    }
    if (kinds == 0)
      sink.add(e.line, "'ready' needs one of 'log', 'tcp' or 'http'");
    else if (kinds > 1)
      sink.add(e.line, "'ready' must have exactly one of 'log', 'tcp' or "
                       "'http'");
  }

  void read_signal(const toml_entry& e) {
    std::string text;
    if (const auto* s = e.node->as_string())
      text = s->get();
    else if (const auto* i = e.node->as_integer())
      text = std::to_string(i->get());
    else {
      wrong_type(sink, e, "a signal name such as \"SIGINT\"");
      return;
    }
    if (auto n = parse_signal(text))
      p.def.stop_signal = *n;
    else
      sink.add(e.line, "unknown signal '" + text + "'");
  }

  void finish() {
    auto& d = p.def;
    if (has_command && has_argv)
      sink.add(d.source_line, "process '" + d.name
                                + "' has both 'command' and 'argv' (use "
                                  "one)");
    else if (!has_command && !has_argv)
      sink.add(d.source_line,
               "process '" + d.name + "' needs 'command' or 'argv'");
    env_list all = std::move(file_env);
    all.insert(all.end(), table_env.begin(), table_env.end());
    d.env = deduplicate(all);
  }
};

} // namespace

void read_process(const toml_entry& e, const daemon_settings& daemon,
                  const fs::path& dir, error_sink& sink,
                  std::vector<parsed_process>& out) {
  std::string name{e.key};
  if (!is_valid_process_name(name))
    sink.add(e.line, "invalid process name '" + name
                       + "' (use 1 to 64 of A-Z a-z 0-9 _ . : -)");
  const auto* table = e.node->as_table();
  if (!table) {
    sink.add(e.line, "process '" + name + "' must be a table");
    return;
  }
  parsed_process p;
  p.def.name = name;
  p.def.kind = process_kind::service;
  p.def.cwd = dir;
  p.def.autostart = true;
  p.def.grace_period = daemon.grace_period;
  p.def.source_file = sink.file;
  p.def.source_line = e.line;
  process_reader reader{sink, dir, p,     "in [processes." + name + "]",
                        {},   {},  false, false};
  for (const auto& entry : in_file_order(*table))
    reader.read(entry);
  reader.finish();
  out.push_back(std::move(p));
}

} // namespace hummel::config_detail

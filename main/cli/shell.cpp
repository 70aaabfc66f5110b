// The commands for shells: `hummel completion SHELL` (the script, built
// from the parser's own definitions) and the hidden `hummel __names` that
// the scripts call for process names (from the running daemon, else from
// hummel.toml and package.json).

#include "config/load.hpp"
#include "main/cli/commands.hpp"
#include "main/cli/completion.hpp"
#include "main/cli/version.hpp"
#include "net/runtime_dir.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>

namespace hummel::cli {

namespace {

/// Values of options that take one of a fixed set, for the scripts.
std::vector<std::string> choices_of(const std::string& long_name) {
  if (long_name == "color")
    return {"auto", "always", "never"};
  if (long_name == "stream")
    return {"stdout", "stderr"};
  return {};
}

completion_option option_of(const CLI::Option& o) {
  completion_option out;
  for (const auto& n : o.get_lnames())
    out.names.push_back("--" + n);
  for (const auto& n : o.get_snames())
    out.names.push_back("-" + n);
  out.takes_value = o.get_items_expected_min() > 0;
  auto lname = o.get_lnames().empty() ? "" : o.get_lnames().front();
  out.choices = choices_of(lname);
  out.is_dir = lname == "dir" || lname == "state-dir";
  out.help = o.get_description();
  return out;
}

/// Options shown in help (not positionals, not hidden), but those in
/// `skip` (the globals, already offered everywhere).
std::vector<completion_option>
options_of(const CLI::App& app, const std::vector<completion_option>& skip) {
  std::vector<completion_option> out;
  for (const auto* o : app.get_options()) {
    if (o->get_positional() || o->get_group().empty()
        || o->get_lnames().empty())
      continue;
    auto c = option_of(*o);
    if (std::none_of(skip.begin(), skip.end(),
                     [&](const auto& g) { return g.names == c.names; }))
      out.push_back(std::move(c));
  }
  return out;
}

completion_spec spec_of(CLI::App& app) {
  completion_spec spec;
  spec.globals = options_of(app, {});
  for (const auto* sub : app.get_subcommands(
         [](CLI::App* a) { return !a->get_group().empty(); })) {
    completion_command c;
    c.name = sub->get_name();
    c.help = sub->get_description();
    c.options = options_of(*sub, spec.globals);
    for (const auto* o : sub->get_options())
      if (o->get_positional() && o->get_name() == "name") {
        c.takes_process_name = true;
      } else if (o->get_positional() && o->get_name() == "shell") {
        c.words = {"bash", "zsh", "fish"};
      }
    spec.commands.push_back(std::move(c));
  }
  return spec;
}

} // namespace

std::string version_text() {
  return std::string{"hummel "} + version + " (git " + git_revision + ")";
}

int run_completion(CLI::App& app, const std::string& shell) {
  auto text = completion_script(spec_of(app), shell);
  if (text.empty()) {
    print_error("no completion for shell '" + shell + "' (bash, zsh, fish)");
    return exit_usage;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return exit_ok;
}

int run_names(const context& ctx) {
  std::vector<std::string> names;
  session s;
  bool asked = false;
  if (!s.connect(net::socket_path(ctx.project_id))) {
    auto r = s.call("scripts_list", nlohmann::json::object(), {},
                    std::chrono::seconds(2));
    if (r.exit == exit_ok) {
      asked = true;
      for (const auto& p :
           r.structured.value("processes", nlohmann::json::array()))
        names.push_back(p.value("name", std::string{}));
    }
  }
  if (!asked) {
    auto loaded = load_project(ctx.dir);
    for (const auto& p : loaded.config.processes)
      names.push_back(p.name);
  }
  for (const auto& n : names)
    std::printf("%s\n", n.c_str());
  return exit_ok;
}

} // namespace hummel::cli

// The argv and environment of a run (declared in actors/process.hpp):
// plain functions of the definition, kept apart from the actor.

#include "actors/process.hpp"

#include <algorithm>

namespace hummel {

std::vector<std::string> make_argv(const process_def& def) {
  if (!def.argv.empty())
    return def.argv;
  // A simple command replaces the shell ("exec"), so the program itself is
  // the run's leader: it gets the stop signal directly and the parent-death
  // signal of the trampoline. Lists, pipes, groups and keywords keep the
  // shell.
  const auto& cmd = def.command;
  bool simple = cmd.find_first_of(";&|\n`(){}") == std::string::npos;
  auto first = cmd.substr(0, cmd.find_first_of(" \t"));
  for (auto kw : {"if", "for", "while", "until", "case", "exec", "!"})
    simple = simple && first != kw;
  if (simple && cmd.find_first_not_of(" \t") != std::string::npos)
    return {"/bin/sh", "-c", "exec " + cmd};
  return {"/bin/sh", "-c", cmd};
}

std::vector<std::string> make_environment(
  const std::vector<std::string>& base,
  const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> result;
  result.reserve(base.size() + extra.size());
  auto key_of = [](const std::string& kv) {
    return std::string_view{kv}.substr(0, kv.find('='));
  };
  for (const auto& kv : base) {
    auto key = key_of(kv);
    bool replaced = std::any_of(extra.begin(), extra.end(),
                                [&](const auto& x) { return x.first == key; });
    if (!replaced && key != "HUMMEL_RUN")
      result.push_back(kv);
  }
  for (size_t i = 0; i < extra.size(); ++i) {
    // A later entry with the same key wins.
    bool later
      = std::any_of(extra.begin() + i + 1, extra.end(),
                    [&](const auto& x) { return x.first == extra[i].first; });
    if (!later)
      result.push_back(extra[i].first + "=" + extra[i].second);
  }
  return result;
}

} // namespace hummel

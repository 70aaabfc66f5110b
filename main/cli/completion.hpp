#pragma once

// `hummel completion bash|zsh|fish`: shell completion scripts generated from
// the command line the CLI defines (subcommands, their options, which take
// a value), so they cannot drift from the parser. Process names are asked
// at completion time from `hummel __names [--dir DIR]`.
//
// Thread safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace hummel::cli {

/// One option as the completion scripts need it.
struct completion_option {
  /// "--lines", "-n" (long and short names, with dashes).
  std::vector<std::string> names;
  /// It takes a value (the next word).
  bool takes_value = false;
  /// The values it accepts, if a fixed set ("stdout", "stderr").
  std::vector<std::string> choices;
  /// The value is a folder (--dir).
  bool is_dir = false;
  /// One-line help.
  std::string help;
};

/// One subcommand.
struct completion_command {
  std::string name;
  std::string help;
  std::vector<completion_option> options;
  /// Its first positional is a process name.
  bool takes_process_name = false;
  /// Its first positional is one of these words (`completion`: shells).
  std::vector<std::string> words;
};

/// The whole command line: global options and subcommands.
struct completion_spec {
  std::vector<completion_option> globals;
  std::vector<completion_command> commands;
};

/// The bash script (`complete -F _hummel hummel`).
std::string bash_completion(const completion_spec& spec);

/// The zsh script (`#compdef hummel`; also works when sourced).
std::string zsh_completion(const completion_spec& spec);

/// The fish script.
std::string fish_completion(const completion_spec& spec);

/// The script for `shell` ("bash", "zsh", "fish"); empty for another.
std::string completion_script(const completion_spec& spec,
                              std::string_view shell);

} // namespace hummel::cli

#include "main/cli/completion.hpp"

#include <set>

namespace hummel::cli {

namespace {

/// `s` in single quotes for bash and zsh.
std::string sh_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
  return out + "'";
}

/// `s` in single quotes for fish (which escapes \ and ' inside them).
std::string fish_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "'";
}

std::string joined(const std::vector<std::string>& words,
                   std::string_view sep = " ") {
  std::string out;
  for (const auto& w : words)
    out += (out.empty() ? "" : std::string{sep}) + w;
  return out;
}

/// A word list as one quoted shell word (bash: for compgen -W).
std::string quoted_list(const std::vector<std::string>& words) {
  return sh_quote(joined(words));
}

/// A word list as separate words (zsh arrays, compadd); only for words
/// without spaces or shell syntax (option names, fixed values).
std::string plain_list(const std::vector<std::string>& words) {
  return joined(words);
}

using list_fn = std::string (*)(const std::vector<std::string>&);

std::vector<std::string> all_names(const std::vector<completion_option>& opts) {
  std::vector<std::string> out;
  for (const auto& o : opts)
    out.insert(out.end(), o.names.begin(), o.names.end());
  return out;
}

/// Every option of the line: globals first, then each command's.
std::vector<completion_option> every_option(const completion_spec& spec) {
  auto out = spec.globals;
  for (const auto& c : spec.commands)
    out.insert(out.end(), c.options.begin(), c.options.end());
  return out;
}

/// The names of options taking a value, as a case pattern ("--dir|-n").
std::string value_pattern(const completion_spec& spec) {
  std::set<std::string> names;
  for (const auto& o : every_option(spec))
    if (o.takes_value)
      names.insert(o.names.begin(), o.names.end());
  return joined({names.begin(), names.end()}, "|");
}

/// Case arms completing an option's value: dirs, fixed choices, or nothing.
/// `dirs` and `words` are the shell's commands for "a folder" and "these
/// words" (with a `%s` for the quoted list, given as prefix and suffix).
std::string value_arms(const completion_spec& spec, list_fn list,
                       std::string_view dirs, std::string_view words_pre,
                       std::string_view words_post) {
  std::string out;
  std::set<std::string> done;
  std::vector<std::string> free;
  for (const auto& o : every_option(spec)) {
    if (!o.takes_value || done.contains(o.names.front()))
      continue;
    done.insert(o.names.begin(), o.names.end());
    if (o.is_dir)
      out += "    " + joined(o.names, "|") + ") " + std::string{dirs}
             + "; return ;;\n";
    else if (!o.choices.empty())
      out += "    " + joined(o.names, "|") + ") " + std::string{words_pre}
             + list(o.choices) + std::string{words_post} + "; return ;;\n";
    else
      free.insert(free.end(), o.names.begin(), o.names.end());
  }
  if (!free.empty())
    out += "    " + joined(free, "|") + ") return ;;\n";
  return out;
}

std::vector<std::string> commands_with_names(const completion_spec& spec) {
  std::vector<std::string> out;
  for (const auto& c : spec.commands)
    if (c.takes_process_name)
      out.push_back(c.name);
  return out;
}

/// The `case "$sub" in` arms listing each command's options (bash, zsh).
std::string option_arms(const completion_spec& spec, list_fn list,
                        std::string_view pre, std::string_view post) {
  auto globals = all_names(spec.globals);
  std::string out = "      '') opts" + std::string{pre} + list(globals)
                    + std::string{post} + " ;;\n";
  for (const auto& c : spec.commands) {
    auto names = globals;
    auto own = all_names(c.options);
    names.insert(names.end(), own.begin(), own.end());
    out += "      " + c.name + ") opts" + std::string{pre} + list(names)
           + std::string{post} + " ;;\n";
  }
  return out;
}

/// The `case "$sub" in` arms for the first positional word.
std::string word_arms(const completion_spec& spec, list_fn list,
                      std::string_view names, std::string_view words_pre,
                      std::string_view words_post) {
  std::string out;
  auto with_names = commands_with_names(spec);
  if (!with_names.empty())
    out
      += "    " + joined(with_names, "|") + ") " + std::string{names} + " ;;\n";
  for (const auto& c : spec.commands)
    if (!c.words.empty())
      out += "    " + c.name + ") " + std::string{words_pre} + list(c.words)
             + std::string{words_post} + " ;;\n";
  return out;
}

std::vector<std::string> command_names(const completion_spec& spec) {
  std::vector<std::string> out;
  for (const auto& c : spec.commands)
    out.push_back(c.name);
  return out;
}

} // namespace

std::string bash_completion(const completion_spec& spec) {
  std::string s
    = R"(# bash completion for hummel (generated by `hummel completion bash`)
_hummel() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
  local exe="${COMP_WORDS[0]}" sub="" dir="" opts="" npos=0 i w
  [[ $exe == */* ]] || exe=hummel
  # "--dir=x" arrives as "--dir" "=" "x" (COMP_WORDBREAKS has "=").
  if [[ $prev == "=" && COMP_CWORD -ge 2 ]]; then
    prev="${COMP_WORDS[COMP_CWORD-2]}"
  fi
  [[ $cur == "=" ]] && cur=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    case "$w" in
      --) break ;;
      --dir)
        ((i++))
        [[ ${COMP_WORDS[i]} == "=" ]] && ((i++))
        dir="${COMP_WORDS[i]}" ;;
)";
  s += "      " + value_pattern(spec) + R"()
        ((i++))
        [[ ${COMP_WORDS[i]} == "=" ]] && ((i++)) ;;
      -*) ;;
      *) if [[ -z $sub ]]; then sub="$w"; else ((npos++)); fi ;;
    esac
  done
  dir="${dir/#\~/$HOME}"
  case "$prev" in
)";
  s += value_arms(spec, quoted_list,
                  "compopt -o filenames 2>/dev/null; "
                  "COMPREPLY=($(compgen -d -- \"$cur\"))",
                  "COMPREPLY=($(compgen -W ", " -- \"$cur\"))");
  s += R"(  esac
  if [[ $cur == -* ]]; then
    case "$sub" in
)";
  s += option_arms(spec, quoted_list, "=", "");
  s += R"(    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  if [[ -z $sub ]]; then
)";
  s += "    COMPREPLY=($(compgen -W " + sh_quote(joined(command_names(spec)))
       + " -- \"$cur\"))\n";
  s += R"(    return
  fi
  ((npos == 0)) || return
  case "$sub" in
)";
  s += word_arms(spec, quoted_list,
                 "COMPREPLY=($(compgen -W \"$(\"$exe\" __names ${dir:+--dir "
                 "\"$dir\"} 2>/dev/null)\" -- \"$cur\"))",
                 "COMPREPLY=($(compgen -W ", " -- \"$cur\"))");
  s += R"(  esac
}
complete -F _hummel hummel
)";
  return s;
}

std::string zsh_completion(const completion_spec& spec) {
  std::string s = R"(#compdef hummel
# zsh completion for hummel (generated by `hummel completion zsh`)
_hummel() {
  local -a cmds opts names dopt
  local sub="" dir="" npos=0 i w
  cmds=(
)";
  for (const auto& c : spec.commands)
    s += "    " + sh_quote(c.name + ":" + c.help) + "\n";
  s += R"(  )
  for ((i = 2; i < CURRENT; i++)); do
    w=${words[i]}
    case $w in
      --) break ;;
      --dir) ((i++)); dir=${words[i]} ;;
      --dir=*) dir=${w#--dir=} ;;
)";
  s += "      " + value_pattern(spec) + ") ((i++)) ;;\n";
  s += R"(      -*) ;;
      *) if [[ -z $sub ]]; then sub=$w; else ((npos++)); fi ;;
    esac
  done
  [[ -n $dir ]] && dopt=(--dir ${~dir})
  case ${words[CURRENT-1]} in
)";
  s += value_arms(spec, plain_list, "_files -/", "compadd -- ", "");
  s += R"(  esac
  if [[ ${words[CURRENT]} == -* ]]; then
    case $sub in
)";
  s += option_arms(spec, plain_list, "=(", ")");
  s += R"(    esac
    compadd -- $opts
    return
  fi
  if [[ -z $sub ]]; then
    _describe -t commands 'hummel command' cmds
    return
  fi
  ((npos == 0)) || return
  case $sub in
)";
  s += word_arms(spec, plain_list,
                 "names=(${(f)\"$(${words[1]} __names $dopt 2>/dev/null)\"}); "
                 "compadd -- $names",
                 "compadd -- ", "");
  s += R"(  esac
}
if [[ ${funcstack[1]} == _hummel ]]; then
  _hummel "$@"
else
  compdef _hummel hummel
fi
)";
  return s;
}

std::string fish_completion(const completion_spec& spec) {
  std::string s
    = R"(# fish completion for hummel (generated by `hummel completion fish`)
function __hummel_names
    set -l tokens (commandline -opc)
    set -l dir
    for i in (seq (count $tokens))
        if test "$tokens[$i]" = --dir; and test $i -lt (count $tokens)
            set dir $tokens[(math $i + 1)]
        else if string match -q -- '--dir=*' $tokens[$i]
            set dir (string replace -- '--dir=' '' $tokens[$i])
        end
    end
    if test -n "$dir"
        $tokens[1] __names --dir $dir 2>/dev/null
    else
        $tokens[1] __names 2>/dev/null
    end
end
complete -c hummel -f
)";
  auto add = [&s](const std::string& cond, const completion_option& o) {
    s += "complete -c hummel";
    if (!cond.empty())
      s += " -n " + fish_quote(cond);
    for (const auto& n : o.names)
      s += n.size() == 2 ? " -s " + n.substr(1) : " -l " + n.substr(2);
    if (o.is_dir)
      s += " -x -a '(__fish_complete_directories)'";
    else if (!o.choices.empty())
      s += " -x -a " + fish_quote(joined(o.choices));
    else if (o.takes_value)
      s += " -x";
    s += " -d " + fish_quote(o.help) + "\n";
  };
  for (const auto& o : spec.globals)
    add("", o);
  for (const auto& c : spec.commands) {
    s += "complete -c hummel -n __fish_use_subcommand -a " + c.name + " -d "
         + fish_quote(c.help) + "\n";
    for (const auto& o : c.options)
      add("__fish_seen_subcommand_from " + c.name, o);
    if (!c.words.empty())
      s += "complete -c hummel -n "
           + fish_quote("__fish_seen_subcommand_from " + c.name) + " -a "
           + fish_quote(joined(c.words)) + "\n";
  }
  auto with_names = commands_with_names(spec);
  if (!with_names.empty())
    s += "complete -c hummel -n "
         + fish_quote("__fish_seen_subcommand_from " + joined(with_names))
         + " -a '(__hummel_names)' -d process\n";
  return s;
}

std::string completion_script(const completion_spec& spec,
                              std::string_view shell) {
  if (shell == "bash")
    return bash_completion(spec);
  if (shell == "zsh")
    return zsh_completion(spec);
  if (shell == "fish")
    return fish_completion(spec);
  return {};
}

} // namespace hummel::cli

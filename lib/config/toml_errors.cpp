// [errors] matchers = ["ci/matchers.json", ...]: user problem matchers,
// checked when the configuration loads (a bad file is a configuration
// error naming the file and the matcher).

#include "config/detail/internal.hpp"
#include "config/detail/keys.hpp"
#include "config/detail/toml_util.hpp"

#include "errors/rule_set.hpp"

#include <variant>

namespace hummel::config_detail {

namespace {

/// Parses and compiles one matcher file; "" or why not.
std::string check_matchers(const std::filesystem::path& path,
                           const std::string& shown) {
  std::string why;
  auto text = read_text(path, why);
  if (!text)
    return shown + ": cannot read: " + why;
  auto parsed = errors::parse_matchers(*text, shown);
  if (auto* err = std::get_if<std::string>(&parsed))
    return *err;
  auto compiled = errors::rule_set::compile(
    std::get<std::vector<errors::matcher>>(std::move(parsed)), shown);
  if (auto* err = std::get_if<std::string>(&compiled))
    return *err;
  return {};
}

} // namespace

void read_errors(const toml_entry& m, const std::filesystem::path& dir,
                 error_sink& sink, errors_settings& out) {
  const auto* table = m.node->as_table();
  if (!table) {
    wrong_type(sink, m, "a table");
    return;
  }
  for (const auto& e : in_file_order(*table)) {
    if (e.key != "matchers") {
      unknown_key(sink, e, "in [errors]", keys::errors);
      continue;
    }
    const auto* arr = e.node->as_array();
    if (!arr) {
      wrong_type(sink, e, "an array of file names");
      continue;
    }
    for (const auto& x : *arr) {
      auto s = x.value<std::string>();
      if (!s || s->empty()) {
        sink.add(e.line, "'matchers' takes file names (strings)");
        continue;
      }
      std::filesystem::path path{*s};
      if (path.is_relative())
        path = dir / path;
      if (auto why = check_matchers(path, *s); !why.empty())
        sink.add(e.line, "[errors] matchers: " + why);
      else
        out.matchers.push_back(path.lexically_normal());
    }
  }
}

} // namespace hummel::config_detail

// [errors] matchers = ["ci/matchers.json", ...]: user problem-matcher
// files, resolved against the project folder. Their contents are parsed
// and compiled at daemon start (lib/errors; a bad file ends the start).

#include "config/detail/internal.hpp"
#include "config/detail/keys.hpp"
#include "config/detail/toml_util.hpp"

namespace hummel::config_detail {

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
      out.matchers.push_back(path.lexically_normal());
    }
  }
}

} // namespace hummel::config_detail

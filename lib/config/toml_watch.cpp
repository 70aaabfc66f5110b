// The file-watching keys of a process: `watch`, `watch_ignore` (globs,
// checked here so a bad one is refused with its line) and `watch_debounce`.

#include "config/detail/toml_util.hpp"
#include "watch/glob.hpp"

namespace hummel::config_detail {

void read_globs(error_sink& sink, const toml_entry& e,
                std::vector<std::string>& out) {
  auto add = [&](const std::string& glob, int line) {
    if (auto why = watch::check_pattern(glob))
      sink.add(line, *why);
    else
      out.push_back(glob);
  };
  if (const auto* s = e.node->as_string()) {
    add(s->get(), e.line);
    return;
  }
  const auto* array = e.node->as_array();
  if (!array) {
    wrong_type(sink, e, "an array of globs such as [\"src/**/*.ts\"]");
    return;
  }
  for (const auto& item : *array) {
    if (const auto* s = item.as_string())
      add(s->get(), line_of(item));
    else
      sink.add(line_of(item),
               "'" + std::string{e.key} + "' must be an array of strings");
  }
}

void read_debounce(error_sink& sink, const toml_entry& e,
                   std::chrono::milliseconds& out) {
  if (e.node->as_integer() != nullptr) {
    if (auto n = expect_integer(sink, e, 0, 3'600'000))
      out = std::chrono::milliseconds{*n};
  } else if (auto ms = expect_duration(sink, e)) {
    out = *ms;
  }
}

} // namespace hummel::config_detail

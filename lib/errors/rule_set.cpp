#include "errors/rule_set.hpp"

#include <re2/re2.h>

#include "errors/prefilter.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

namespace hummel::errors {

rule_set::rule_set() = default;
rule_set::~rule_set() = default;

namespace {

RE2::Options options() {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(16 << 20);
  return opts;
}

/// Compiles one line; an error names `where`.
std::variant<compiled_line, std::string>
compile_line(const line_pattern& def, const std::string& where) {
  compiled_line out;
  out.def = def;
  out.re = std::make_unique<RE2>(def.regexp, options());
  if (!out.re->ok())
    return where + ": RE2 cannot take it (" + out.re->error() + ")";
  int groups = out.re->NumberOfCapturingGroups();
  for (int g : {def.file, def.line, def.column, def.location, def.severity,
                def.code, def.message})
    if (g > groups)
      return where + ": names capture group " + std::to_string(g)
             + " but the regexp has " + std::to_string(groups);
  return out;
}

std::optional<std::string> compile_lines(const std::vector<line_pattern>& defs,
                                         std::vector<compiled_line>& out,
                                         const std::string& where) {
  for (size_t i = 0; i < defs.size(); ++i) {
    auto r = compile_line(defs[i], where + " " + std::to_string(i + 1));
    if (auto* e = std::get_if<std::string>(&r))
      return *e;
    out.push_back(std::move(std::get<compiled_line>(r)));
  }
  return std::nullopt;
}

} // namespace

std::variant<std::shared_ptr<const rule_set>, std::string>
rule_set::compile(std::vector<matcher> matchers, std::string_view source) {
  std::shared_ptr<rule_set> set{new rule_set};
  for (auto& m : matchers) {
    std::string where = (m.source.empty() ? std::string{source} : m.source)
                        + ": matcher '" + m.owner + "'";
    compiled_matcher cm;
    cm.owner = m.owner;
    cm.kind = m.kind;
    cm.default_severity = m.default_severity;
    cm.max_lines = m.max_lines;
    if (auto e = compile_lines(m.pattern, cm.pattern, where + " pattern"))
      return *e;
    if (auto e = compile_lines(m.follow, cm.follow, where + " follow"))
      return *e;
    if (!m.close.regexp.empty()) {
      auto r = compile_line(m.close, where + " close");
      if (auto* e = std::get_if<std::string>(&r))
        return *e;
      cm.close = std::move(std::get<compiled_line>(r));
    }
    for (auto [text, dst, name] : {std::tuple{&m.resume, &cm.resume, " resume"},
                                   std::tuple{&m.tail, &cm.tail, " tail"},
                                   std::tuple{&m.stop, &cm.stop, " stop"},
                                   std::tuple{&m.hold, &cm.hold, " hold"}}) {
      if (text->empty())
        continue;
      *dst = std::make_unique<RE2>(*text, options());
      if (!(*dst)->ok())
        return where + name + ": RE2 cannot take it (" + (*dst)->error() + ")";
    }
    cm.ignore = m.ignore;
    cm.prefix = m.prefix;
    set->matchers_.push_back(std::move(cm));
  }
  std::vector<const RE2*> first;
  for (const auto& cm : set->matchers_)
    first.push_back(cm.pattern.front().re.get());
  set->first_ = std::make_unique<prefilter>(first);
  return std::shared_ptr<const rule_set>{std::move(set)};
}

std::variant<std::shared_ptr<const rule_set>, std::string>
rule_set::with_builtin(std::vector<matcher> extra) {
  std::vector<matcher> all;
  for (const auto& [name, text] : builtin_matcher_files()) {
    auto parsed = parse_matchers(text, name);
    if (auto* e = std::get_if<std::string>(&parsed))
      return *e;
    for (auto& m : std::get<std::vector<matcher>>(parsed))
      all.push_back(std::move(m));
  }
  // The user's matchers go first: they may refine a built-in one.
  all.insert(all.begin(), std::make_move_iterator(extra.begin()),
             std::make_move_iterator(extra.end()));
  return compile(std::move(all), "built-in");
}

void rule_set::starters(std::string_view line, std::vector<int>& out) const {
  first_->matches(line, out);
}

size_t rule_set::unfiltered() const noexcept {
  return first_->unfiltered();
}

} // namespace hummel::errors

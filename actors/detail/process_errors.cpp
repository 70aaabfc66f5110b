#include "actors/detail/process_errors.hpp"

#include <fstream>
#include <sstream>
#include <utility>
#include <variant>

namespace hummel::detail {

std::shared_ptr<const errors::rule_set> builtin_rules() {
  static const auto rules = [] {
    auto x = errors::rule_set::with_builtin();
    // A test compiles the built-in matchers: this never fails.
    return std::get<std::shared_ptr<const errors::rule_set>>(std::move(x));
  }();
  return rules;
}

std::variant<std::shared_ptr<const errors::rule_set>, std::string>
rules_with(const std::vector<std::filesystem::path>& files,
           const std::filesystem::path& dir) {
  using rules_ptr = std::shared_ptr<const errors::rule_set>;
  if (files.empty())
    return rules_ptr{};
  std::vector<errors::matcher> extra;
  for (const auto& f : files) {
    auto rel = f.lexically_relative(dir);
    auto shown
      = rel.empty() || *rel.begin() == ".." ? f.string() : rel.string();
    std::ifstream in{f};
    if (!in)
      return shown + ": cannot read the matcher file";
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = errors::parse_matchers(text.str(), shown);
    if (auto* err = std::get_if<std::string>(&parsed))
      return *err;
    auto& xs = std::get<std::vector<errors::matcher>>(parsed);
    // Compiled alone first, so that the reason names this file.
    auto alone = errors::rule_set::compile(xs, shown);
    if (auto* err = std::get_if<std::string>(&alone))
      return *err;
    extra.insert(extra.end(), xs.begin(), xs.end());
  }
  return errors::rule_set::with_builtin(std::move(extra));
}

process_errors::process_errors(std::string process,
                               std::shared_ptr<const errors::rule_set> rules)
  : process_(std::move(process)),
    rules_(rules ? std::move(rules) : builtin_rules()) {
  detectors_.emplace_back(rules_);
  detectors_.emplace_back(rules_);
}

bool process_errors::take(std::vector<errors::group>& found, size_t stream,
                          int64_t now_ms) {
  if (found.empty())
    return false;
  static constexpr std::string_view names[] = {"stdout", "stderr"};
  for (auto& g : found)
    store_.add(std::move(g), run_[stream], names[stream], now_ms);
  found.clear();
  return true;
}

bool process_errors::feed(uint8_t stream, std::string_view text, uint64_t seq,
                          uint32_t run, int64_t now_ms) {
  if (stream != 1 && stream != 2)
    return false;
  size_t i = stream - 1u;
  scratch_.clear();
  if (run != run_[i]) {
    // A new run: what the old one left open ends here.
    detectors_[i].finish(scratch_);
    take(scratch_, i, now_ms);
    run_[i] = run;
  }
  detectors_[i].feed(text, seq, now_ms, scratch_);
  return take(scratch_, i, now_ms);
}

bool process_errors::tick(int64_t now_ms) {
  bool changed = false;
  for (size_t i = 0; i < detectors_.size(); ++i) {
    scratch_.clear();
    detectors_[i].tick(now_ms, scratch_);
    changed = take(scratch_, i, now_ms) || changed;
  }
  return changed;
}

bool process_errors::finish() {
  bool changed = false;
  for (size_t i = 0; i < detectors_.size(); ++i) {
    scratch_.clear();
    detectors_[i].finish(scratch_);
    // The group ends at its last line.
    int64_t at = scratch_.empty() ? 0 : scratch_.back().last_ms;
    changed = take(scratch_, i, at) || changed;
  }
  return changed;
}

bool process_errors::to_snapshot(process_snapshot& snap) const {
  snap.error_count = error_count();
  snap.last_error = last_error();
  return true;
}

void process_errors::finish_run(process_snapshot& snap) {
  if (finish())
    to_snapshot(snap);
  if (snap.status == process_status::failed && snap.error.empty())
    snap.error = last_error_of(snap.run_id);
}

std::optional<int64_t> process_errors::deadline() const {
  std::optional<int64_t> result;
  for (const auto& d : detectors_)
    if (auto x = d.deadline(); x && (!result || *x < *result))
      result = x;
  return result;
}

void process_errors::clear() {
  scratch_.clear();
  for (auto& d : detectors_)
    d.finish(scratch_, false); // the run goes on
  scratch_.clear();
  store_.clear();
}

error_page process_errors::query(const error_query& q) const {
  std::optional<int64_t> since;
  if (q.since_ms > 0)
    since = q.since_ms;
  std::optional<errors::severity> min;
  if (!q.severity.empty())
    min = errors::parse_severity(q.severity, errors::severity::info);
  error_page page;
  for (const auto& r : store_.newest_first(store_.size(), since, min)) {
    if (page.records.size() >= q.limit)
      break;
    if (q.run != 0 && r.run != q.run)
      continue;
    page.records.push_back(to_entry(r, process_));
  }
  return page;
}

std::string process_errors::last_error() const {
  auto x = store_.newest_first(1, {}, errors::severity::error);
  return x.empty() ? std::string{} : headline(to_entry(x.front(), process_));
}

std::string process_errors::last_error_of(uint32_t run) const {
  for (const auto& r :
       store_.newest_first(store_.size(), {}, errors::severity::error))
    if (r.run == run)
      return headline(to_entry(r, process_));
  return {};
}

error_entry to_entry(const errors::record& r, const std::string& process) {
  error_entry e;
  e.id = r.id;
  e.process = process;
  e.run = r.run;
  e.stream = r.stream;
  e.first_ms = r.first_ms;
  e.last_ms = r.last_ms;
  e.count = r.count;
  e.severity = std::string{errors::to_string(r.found.level)};
  e.kind = r.found.kind;
  e.message = r.found.message;
  e.code = r.found.code;
  e.file = r.found.file.value_or("");
  e.line = r.found.line.value_or(0);
  e.column = r.found.column.value_or(0);
  e.lines = r.found.lines;
  return e;
}

} // namespace hummel::detail

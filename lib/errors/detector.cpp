#include "errors/detector.hpp"

#include "logs/text.hpp"

#include <re2/re2.h>

#include "errors/captures.hpp"

#include <algorithm>

namespace hummel::errors {

namespace {

constexpr size_t max_line_bytes = 1024;
constexpr size_t max_held_lines = 3;

/// A line a package manager prints before the script's own output: npm's
/// and pnpm's `> pkg@1.0.0 build` and `> the command`, yarn 1's `yarn run
/// v1.22.22` and `$ the command`, bun's `$ the command`, and the blank
/// lines around them. The command is the script's text, errors it merely
/// names included (`echo 'Error: API_KEY is not set' && exit 1`).
[[gnu::noinline, gnu::cold]] bool is_runner_echo(std::string_view line) {
  return detail::is_blank(line) || line.starts_with("> ")
         || line.starts_with("$ ") || line.starts_with("yarn run v");
}

struct held_line {
  std::string text;
  uint64_t seq = 0;
  int64_t ms = 0;
};

} // namespace

using detail::apply;
using detail::cut;
using detail::fields;
using detail::is_blank;
using detail::match;
using detail::max_submatches;
using detail::trim;

struct detector::state {
  std::shared_ptr<const rule_set> rules;
  int64_t gap_ms = 200;
  // The open group, if `open`.
  bool open = false;
  int rule = -1;
  /// Pattern lines matched so far; == pattern.size() in the follow phase.
  size_t step = 0;
  /// The seq of the group's first line (context lines included).
  uint64_t start_seq = 0;
  /// Every line since the start, while in the pattern phase (for a replay
  /// when a later pattern line does not match).
  std::vector<held_line> taken;
  /// Blank lines and `hold` lines in the follow phase: they join if a
  /// later line joins, else they are fed again once the group has ended.
  std::vector<held_line> held;
  bool after_close = false;
  fields got;
  /// Captures before the last pattern line (for a `loop`).
  fields base;
  group g;
  int64_t last_ms = 0;
  /// A `prefix` matcher's group, kept back for one line: a group starting
  /// right after it takes its lines (a log line that introduces a trace).
  std::optional<group> prefix;
  std::vector<int> scratch;

  const compiled_matcher& m() const {
    return rules->matchers()[rule];
  }

  void feed(std::string_view text, uint64_t seq, int64_t ms,
            std::vector<group>& out) {
    if (open && ms - last_ms > gap_ms)
      end(out, true);
    if (!(open && absorb(text, seq, ms, out))) {
      if (open)
        feed(text, seq, ms, out); // held lines fed again opened a group
      else
        start(text, seq, ms, out, -1);
    }
    release_prefix(seq, out);
  }

  /// Emits a kept-back prefix group that no group follows directly.
  void release_prefix(uint64_t seq, std::vector<group>& out) {
    if (!prefix || prefix->last_seq >= seq)
      return;
    if (open && start_seq == prefix->last_seq + 1)
      return;
    out.push_back(std::move(*prefix));
    prefix.reset();
  }

  void add(std::string_view text, uint64_t seq, int64_t ms) {
    for (auto& h : held)
      add_one(h.text, h.seq, h.ms);
    held.clear();
    add_one(text, seq, ms);
  }

  void add_one(std::string_view text, uint64_t seq, int64_t ms) {
    if (g.lines.empty()) {
      g.first_seq = seq;
      g.first_ms = ms;
    }
    g.lines.emplace_back(text);
    g.last_seq = seq;
    g.last_ms = ms;
  }

  /// Opens a group of matcher `r` at `text` (whose first line matches).
  void open_at(int r, std::string_view text, uint64_t seq, int64_t ms) {
    open = true;
    rule = r;
    step = 0;
    start_seq = seq;
    taken.clear();
    held.clear();
    after_close = false;
    got = {};
    base = {};
    g = {};
    step_pattern(text, seq, ms);
  }

  /// Matches the next pattern line; false if it does not match.
  bool step_pattern(std::string_view text, uint64_t seq, int64_t ms) {
    const auto& cl = m().pattern[step];
    re2::StringPiece sub[max_submatches];
    int n = 0;
    if (!match(cl, text, sub, n))
      return false;
    if (step + 1 == m().pattern.size())
      base = got;
    apply(got, cl.def, sub, n, false);
    last_ms = ms;
    if (!cl.def.context)
      add(text, seq, ms);
    if (++step < m().pattern.size())
      taken.push_back({std::string{text}, seq, ms});
    else
      taken.clear();
    return true;
  }

  void start(std::string_view text, uint64_t seq, int64_t ms,
             std::vector<group>& out, int after) {
    rules->starters(text, scratch);
    auto first = std::upper_bound(scratch.begin(), scratch.end(), after);
    if (first == scratch.end())
      return;
    open_at(*first, text, seq, ms);
    if (step == m().pattern.size() && m().follow.empty() && !m().close.re
        && !m().pattern.back().def.loop)
      end(out, false);
  }

  /// Takes a line into the open group; false if it does not belong (the
  /// group has then ended).
  bool absorb(std::string_view text, uint64_t seq, int64_t ms,
              std::vector<group>& out) {
    if (step < m().pattern.size()) {
      if (step_pattern(text, seq, ms))
        return true;
      taken.push_back({std::string{text}, seq, ms});
      replay(out);
      return true;
    }
    if (absorb_follow(text, seq, ms, out))
      return true;
    auto again = std::move(held);
    held.clear();
    end(out, false);
    for (const auto& h : again)
      feed(h.text, h.seq, h.ms, out);
    return false;
  }

  /// The follow phase: false if `text` does not belong.
  bool absorb_follow(std::string_view text, uint64_t seq, int64_t ms,
                     std::vector<group>& out) {
    const auto& mm = m();
    if (mm.stop && RE2::PartialMatch(text, *mm.stop))
      return false;
    if (is_blank(text))
      return hold(text, seq, ms);
    re2::StringPiece sub[max_submatches];
    int n = 0;
    if (after_close) {
      if (mm.tail && held.empty() && RE2::PartialMatch(text, *mm.tail)) {
        last_ms = ms;
        add(text, seq, ms);
        return true;
      }
      if (!mm.resume || !RE2::PartialMatch(text, *mm.resume))
        return false;
      after_close = false;
      last_ms = ms;
      add(text, seq, ms);
      return true;
    }
    const auto& last = mm.pattern.back();
    if (last.def.loop && match(last, text, sub, n)) {
      int r = rule;
      auto carried = base;
      held.clear();
      end(out, false);
      open = true;
      rule = r;
      step = m().pattern.size();
      start_seq = seq;
      got = carried;
      base = carried;
      apply(got, last.def, sub, n, false);
      last_ms = ms;
      add(text, seq, ms);
      return true;
    }
    if (mm.close.re && match(mm.close, text, sub, n)) {
      apply(got, mm.close.def, sub, n, true);
      last_ms = ms;
      add(text, seq, ms);
      if (mm.resume || mm.tail)
        after_close = true;
      else
        end(out, false);
      return true;
    }
    for (const auto& f : mm.follow) {
      if (!match(f, text, sub, n))
        continue;
      apply(got, f.def, sub, n, f.def.last_wins);
      last_ms = ms;
      add(text, seq, ms);
      if (g.lines.size() >= mm.max_lines)
        end(out, false);
      return true;
    }
    if (mm.hold && RE2::PartialMatch(text, *mm.hold))
      return hold(text, seq, ms);
    return false;
  }

  bool hold(std::string_view text, uint64_t seq, int64_t ms) {
    if (held.size() >= max_held_lines)
      return false;
    held.push_back({std::string{text}, seq, ms});
    return true;
  }

  /// The pattern phase failed: the first line goes to the next matcher
  /// that could start there, the other lines are fed again.
  void replay(std::vector<group>& out) {
    auto lines = std::move(taken);
    int after = rule;
    reset();
    if (lines.empty())
      return;
    start(lines[0].text, lines[0].seq, lines[0].ms, out, after);
    for (size_t i = 1; i < lines.size(); ++i)
      feed(lines[i].text, lines[i].seq, lines[i].ms, out);
  }

  void reset() {
    open = false;
    rule = -1;
    step = 0;
    taken.clear();
    held.clear();
    after_close = false;
  }

  /// Ends the open group; `quiet`: by the gap or the end of the run.
  void end(std::vector<group>& out, bool quiet) {
    if (!open)
      return;
    if (step < m().pattern.size()) {
      if (quiet) {
        replay(out);
        end(out, true);
      }
      return;
    }
    const auto& mm = m();
    auto again = std::move(held);
    if (!g.lines.empty() && !mm.ignore)
      emit(mm, out, quiet);
    g = {};
    reset();
    if (quiet)
      for (const auto& h : again)
        feed(h.text, h.seq, h.ms, out);
  }

  void emit(const compiled_matcher& mm, std::vector<group>& out, bool quiet) {
    g.owner = mm.owner;
    g.kind = mm.kind;
    g.level = got.level ? parse_severity(*got.level, mm.default_severity)
                        : mm.default_severity;
    g.message = got.message ? *got.message : std::string{trim(g.lines.front())};
    g.code = got.code.value_or("");
    g.file = got.file;
    g.line = got.line;
    g.column = got.column;
    if (prefix && prefix->last_seq + 1 == start_seq && !mm.prefix) {
      g.lines.insert(g.lines.begin(), prefix->lines.begin(),
                     prefix->lines.end());
      g.first_seq = prefix->first_seq;
      g.first_ms = prefix->first_ms;
      prefix.reset();
    }
    if (prefix) {
      out.push_back(std::move(*prefix));
      prefix.reset();
    }
    if (mm.prefix && !quiet)
      prefix = std::move(g);
    else
      out.push_back(std::move(g));
  }
};

detector::detector(std::shared_ptr<const rule_set> rules, int64_t gap_ms)
  : rules_(std::move(rules)), gap_ms_(gap_ms) {
  // nop
}

detector::~detector() = default;
detector::detector(detector&&) noexcept = default;
detector& detector::operator=(detector&&) noexcept = default;

void detector::feed(std::string_view line, uint64_t seq, int64_t now_ms,
                    std::vector<group>& out) {
  if (has_escape(line)) {
    auto plain = strip_ansi(line);
    feed_plain(plain, seq, now_ms, out);
    return;
  }
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  feed_plain(line, seq, now_ms, out);
}

void detector::feed_plain(std::string_view line, uint64_t seq, int64_t now_ms,
                          std::vector<group>& out) {
  if (at_start_) [[unlikely]] {
    if (is_runner_echo(line))
      return;
    at_start_ = false;
  }
  if (!st_) [[unlikely]] {
    st_ = std::make_unique<state>();
    st_->rules = rules_;
    st_->gap_ms = gap_ms_;
  }
  st_->feed(cut(line, max_line_bytes), seq, now_ms, out);
}

void detector::tick(int64_t now_ms, std::vector<group>& out) {
  if (!st_)
    return;
  if (st_->open && now_ms - st_->last_ms >= st_->gap_ms)
    st_->end(out, true);
  if (st_->prefix && !st_->open
      && now_ms - st_->prefix->last_ms >= st_->gap_ms) {
    out.push_back(std::move(*st_->prefix));
    st_->prefix.reset();
  }
}

void detector::finish(std::vector<group>& out, bool run_ended) {
  if (run_ended)
    at_start_ = true;
  if (!st_)
    return;
  st_->end(out, true);
  if (st_->prefix) {
    out.push_back(std::move(*st_->prefix));
    st_->prefix.reset();
  }
}

std::optional<int64_t> detector::deadline() const {
  if (!st_)
    return std::nullopt;
  if (st_->open)
    return st_->last_ms + st_->gap_ms;
  if (st_->prefix)
    return st_->prefix->last_ms + st_->gap_ms;
  return std::nullopt;
}

} // namespace hummel::errors

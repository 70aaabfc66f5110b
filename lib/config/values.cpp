// Small value parsers and helpers: durations, signals, project ids, names,
// edit-distance suggestions and file reading.

#include "config/detail/internal.hpp"
#include "config/load.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <system_error>

namespace hummel {

namespace fs = std::filesystem;

std::string config_error::to_string() const {
  if (line > 0)
    return file + ":" + std::to_string(line) + ": " + reason;
  return file + ": " + reason;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view s) {
  if (s == "0")
    return std::chrono::milliseconds{0};
  if (s.empty())
    return std::nullopt;
  long double total = 0;
  size_t i = 0;
  while (i < s.size()) {
    // A number: digits, optionally a fraction.
    long double value = 0;
    size_t digits = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits)
      value = value * 10 + (s[i] - '0');
    if (i < s.size() && s[i] == '.') {
      ++i;
      long double scale = 0.1L;
      for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
        value += (s[i] - '0') * scale;
        scale /= 10;
      }
    }
    if (digits == 0)
      return std::nullopt;
    // A unit: ms, s, m or h.
    std::string_view rest = s.substr(i);
    if (rest.starts_with("ms")) {
      i += 2;
    } else if (rest.starts_with("s")) {
      value *= 1000;
      i += 1;
    } else if (rest.starts_with("m")) {
      value *= 60'000;
      i += 1;
    } else if (rest.starts_with("h")) {
      value *= 3'600'000;
      i += 1;
    } else {
      return std::nullopt;
    }
    total += value;
    if (total > 1e12L) // about 31 years: certainly a mistake
      return std::nullopt;
  }
  return std::chrono::milliseconds{std::llround(total)};
}

namespace {

struct signal_name {
  std::string_view name;
  int number;
};

constexpr std::array<signal_name, 30> signal_names{{
  {"HUP", SIGHUP},     {"INT", SIGINT},       {"QUIT", SIGQUIT},
  {"ILL", SIGILL},     {"TRAP", SIGTRAP},     {"ABRT", SIGABRT},
  {"IOT", SIGIOT},     {"BUS", SIGBUS},       {"FPE", SIGFPE},
  {"KILL", SIGKILL},   {"USR1", SIGUSR1},     {"SEGV", SIGSEGV},
  {"USR2", SIGUSR2},   {"PIPE", SIGPIPE},     {"ALRM", SIGALRM},
  {"TERM", SIGTERM},   {"CHLD", SIGCHLD},     {"CONT", SIGCONT},
  {"STOP", SIGSTOP},   {"TSTP", SIGTSTP},     {"TTIN", SIGTTIN},
  {"TTOU", SIGTTOU},   {"URG", SIGURG},       {"XCPU", SIGXCPU},
  {"XFSZ", SIGXFSZ},   {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF},
  {"WINCH", SIGWINCH}, {"IO", SIGIO},         {"SYS", SIGSYS},
}};

char upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

} // namespace

std::optional<int> parse_signal(std::string_view s) {
  if (s.empty())
    return std::nullopt;
  if (std::all_of(s.begin(), s.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    if (s.size() > 3)
      return std::nullopt;
    int n = 0;
    for (char c : s)
      n = n * 10 + (c - '0');
    if (n < 1 || n >= NSIG)
      return std::nullopt;
    return n;
  }
  std::string name;
  for (char c : s)
    name += upper(c);
  if (name.starts_with("SIG"))
    name.erase(0, 3);
  for (const auto& entry : signal_names)
    if (entry.name == name)
      return entry.number;
  return std::nullopt;
}

std::string make_project_id(const fs::path& dir) {
  fs::path p = config_detail::normalize_dir(dir);
  std::string full = p.string();
  uint64_t h = 14695981039346656037ull; // FNV-1a 64
  for (unsigned char c : full) {
    h ^= c;
    h *= 1099511628211ull;
  }
  std::string base;
  for (char c : p.filename().string()) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    base += ok ? c : '_';
  }
  if (base.empty())
    base = "project";
  char hex[9];
  std::snprintf(hex, sizeof(hex), "%08x",
                static_cast<unsigned>((h ^ (h >> 32)) & 0xffffffffu));
  return base + "-" + hex;
}

namespace config_detail {

void error_sink::add(int line, std::string reason) {
  errors.push_back(config_error{file, line, std::move(reason)});
}

fs::path normalize_dir(const fs::path& dir) {
  std::error_code ec;
  fs::path abs = fs::absolute(dir, ec);
  if (ec)
    abs = dir;
  fs::path p = fs::weakly_canonical(abs, ec);
  if (ec)
    p = abs.lexically_normal();
  if (!p.has_filename() && p.has_relative_path())
    p = p.parent_path(); // drop a trailing separator
  return p;
}

namespace {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (upper(a[i - 1]) == upper(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

} // namespace

std::string did_you_mean(std::string_view word,
                         std::span<const std::string_view> candidates) {
  std::string_view best;
  size_t best_distance = 0;
  for (auto candidate : candidates) {
    size_t d = edit_distance(word, candidate);
    if (best.empty() || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  size_t limit = std::max<size_t>(1, std::min<size_t>(3, word.size() / 3));
  if (best.empty() || best_distance > limit)
    return {};
  return " (did you mean '" + std::string{best} + "'?)";
}

bool is_valid_process_name(std::string_view name) {
  if (name.empty() || name.size() > 64)
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':'
           || c == '-';
  });
}

int line_of_offset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1
         + static_cast<int>(
           std::count(text.begin(), text.begin() + offset, '\n'));
}

} // namespace config_detail

} // namespace hummel

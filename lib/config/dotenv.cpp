// The dotenv parser: KEY=VALUE lines, `export` prefixes, comments, quoted
// values (single: literal; double: \n \r \t \" \\ escapes; both may span
// lines) and unquoted values trimmed and ending at " #".

#include "config/detail/internal.hpp"
#include "config/load.hpp"

#include <algorithm>

namespace hummel {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && is_blank(s.front()))
    s.remove_prefix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  s = trim_left(s);
  while (!s.empty() && is_blank(s.back()))
    s.remove_suffix(1);
  return s;
}

bool is_valid_env_name(std::string_view key) {
  if (key.empty() || (key[0] >= '0' && key[0] <= '9'))
    return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

/// The unquoted value `v`: up to a `#` preceded by a blank, trimmed.
std::string unquoted_value(std::string_view v) {
  for (size_t k = 1; k < v.size(); ++k)
    if (v[k] == '#' && is_blank(v[k - 1])) {
      v = v.substr(0, k);
      break;
    }
  return std::string{trim(v)};
}

} // namespace

std::vector<std::pair<std::string, std::string>>
parse_dotenv(std::string_view text, const std::string& file,
             std::vector<config_error>& errors) {
  config_detail::error_sink sink{file, errors};
  std::vector<std::pair<std::string, std::string>> out;
  // A NUL byte would cut a variable where the C library reads it.
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    sink.add(config_detail::line_of_offset(text, nul), "contains a NUL byte");
    return out;
  }
  size_t pos = 0;
  int line = 1;
  // Moves `pos` to `to`, counting the newlines passed.
  auto advance = [&](size_t to) {
    line += static_cast<int>(
      std::count(text.begin() + pos, text.begin() + to, '\n'));
    pos = to;
  };
  auto end_of_line = [&](size_t from) {
    size_t eol = text.find('\n', from);
    return eol == std::string_view::npos ? text.size() : eol;
  };
  auto next_line
    = [&](size_t eol) { advance(eol < text.size() ? eol + 1 : eol); };
  while (pos < text.size()) {
    size_t eol = end_of_line(pos);
    std::string_view s = trim_left(text.substr(pos, eol - pos));
    if (s.empty() || s.front() == '#') {
      next_line(eol);
      continue;
    }
    if (s.starts_with("export") && s.size() > 6 && is_blank(s[6]))
      s = trim_left(s.substr(6));
    size_t eq = s.find('=');
    if (eq == std::string_view::npos) {
      sink.add(line, "expected KEY=VALUE");
      next_line(eol);
      continue;
    }
    std::string key{trim(s.substr(0, eq))};
    if (!is_valid_env_name(key)) {
      sink.add(line, "invalid variable name '" + key + "'");
      next_line(eol);
      continue;
    }
    std::string_view raw = s.substr(eq + 1);
    std::string_view v = trim_left(raw);
    if (v.empty() || (v.front() != '"' && v.front() != '\'')) {
      out.emplace_back(std::move(key), unquoted_value(raw));
      next_line(eol);
      continue;
    }
    // A quoted value, possibly spanning several lines.
    const char quote = v.front();
    const int start_line = line;
    size_t i = static_cast<size_t>(v.data() - text.data()) + 1;
    std::string value;
    bool closed = false;
    while (i < text.size()) {
      char c = text[i];
      if (c == quote) {
        closed = true;
        break;
      }
      if (quote == '"' && c == '\\' && i + 1 < text.size()) {
        char n = text[i + 1];
        switch (n) {
        case 'n':
          value += '\n';
          break;
        case 'r':
          value += '\r';
          break;
        case 't':
          value += '\t';
          break;
        case '"':
          value += '"';
          break;
        case '\\':
          value += '\\';
          break;
        default:
          value += '\\';
          value += n;
        }
        i += 2;
        continue;
      }
      if (!(c == '\r' && i + 1 < text.size() && text[i + 1] == '\n'))
        value += c;
      ++i;
    }
    if (!closed) {
      sink.add(start_line, std::string{"unterminated "}
                             + (quote == '"' ? "double" : "single")
                             + "-quoted value for '" + key + "'");
      return out;
    }
    advance(i + 1);
    eol = end_of_line(pos);
    std::string_view rest = trim(text.substr(pos, eol - pos));
    if (!rest.empty() && rest.front() != '#')
      sink.add(line,
               "unexpected text after the closing quote of '" + key + "'");
    else
      out.emplace_back(std::move(key), std::move(value));
    next_line(eol);
  }
  return out;
}

} // namespace hummel

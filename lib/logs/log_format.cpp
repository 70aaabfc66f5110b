#include "logs/log_format.hpp"

#include <charconv>
#include <cstring>

namespace hummel::log_format {

namespace {

template <class T>
void append_number(std::string& out, T value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, static_cast<size_t>(end - buf));
}

// Parses the number up to the next tab and moves `s` past that tab.
template <class T>
bool take_number(std::string_view& s, T& value) {
  auto tab = s.find('\t');
  if (tab == std::string_view::npos || tab == 0)
    return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + tab, value);
  if (ec != std::errc{} || end != s.data() + tab)
    return false;
  s.remove_prefix(tab + 1);
  return true;
}

} // namespace

void append_record(std::string& out, const log_line& line) {
  append_number(out, line.seq);
  out += '\t';
  append_number(out, line.time_ms);
  out += '\t';
  out += line.stream == log_stream::err     ? 'e'
         : line.stream == log_stream::event ? 'h'
                                            : 'o';
  out += '\t';
  append_number(out, line.run_id);
  out += '\t';
  auto start = out.size();
  out += line.text;
  if (line.text.find_first_of("\r\n") != std::string::npos)
    for (auto i = start; i < out.size(); ++i)
      if (out[i] == '\n' || out[i] == '\r')
        out[i] = ' ';
  out += '\n';
}

bool parse_record(std::string_view record, log_line& out) {
  if (!take_number(record, out.seq) || !take_number(record, out.time_ms))
    return false;
  if (record.size() < 2 || record[1] != '\t')
    return false;
  if (record[0] == 'o')
    out.stream = log_stream::out;
  else if (record[0] == 'e')
    out.stream = log_stream::err;
  else if (record[0] == 'h')
    out.stream = log_stream::event;
  else
    return false;
  record.remove_prefix(2);
  if (!take_number(record, out.run_id))
    return false;
  out.text.assign(record.data(), record.size());
  return true;
}

} // namespace hummel::log_format

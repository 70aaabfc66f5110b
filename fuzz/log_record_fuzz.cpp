// Fuzz target: the log record reader (lib/logs/log_format, log_file).
//
// Every line of the input is parsed as a record; a record that parses is
// written back and must parse to the same line. The whole input is then a
// log file on disk, read by `read_tail`, `last_seq` and
// `scan_newest_first` (the readers of `hummel logs` and logs_search), which
// must agree with one another and never return a malformed line.

#include "logs/log_file.hpp"
#include "logs/log_format.hpp"

#include "fuzz/common.hpp"
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace hummel;

namespace {

std::filesystem::path log_path() {
  static const auto dir = [] {
    auto d = std::filesystem::temp_directory_path()
             / ("hummel-fuzz-log-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir / "p.log";
}

void check_records(std::string_view in) {
  for (auto rec : fuzz::split(in, '\n')) {
    log_line line;
    if (!log_format::parse_record(rec, line))
      continue;
    std::string out;
    log_format::append_record(out, line);
    fuzz::require(!out.empty() && out.back() == '\n', "record ends in \\n");
    fuzz::require(out.find('\n') == out.size() - 1, "record is one line");
    log_line again;
    fuzz::require(log_format::parse_record({out.data(), out.size() - 1}, again),
                  "a written record parses");
    if (line.text.find('\r') == std::string::npos)
      fuzz::require(again == line, "a written record reads back the same");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = fuzz::as_view(data, size);
  check_records(in);
  auto path = log_path();
  {
    std::ofstream f{path, std::ios::binary | std::ios::trunc};
    f.write(in.data(), static_cast<std::streamsize>(in.size()));
  }
  auto tail = log_file::read_tail(path, 1000, 1);
  uint64_t newest = 0;
  size_t scanned = 0;
  log_file::scan_newest_first(path, 1, [&](const log_line& l) {
    if (scanned++ == 0)
      newest = l.seq;
    return true;
  });
  fuzz::require(log_file::last_seq(path, 1) == newest,
                "last_seq is the newest scanned record");
  fuzz::require(tail.size() == std::min<size_t>(scanned, 1000),
                "read_tail and scan see the same records");
  if (!tail.empty())
    fuzz::require(tail.back().seq == newest, "read_tail ends at the newest");
  return 0;
}

// Fuzz target: the log record reader (lib/logs/log_format, log_file).
//
// Every line of the input is parsed as a record; a record that parses is
// written back and must parse to the same line. The whole input is then a
// log file on disk, read by `scan_newest_first` (under `read_tail`,
// `last_seq`, `hummel logs` and logs_search), which must return exactly the
// well-formed records (not an unterminated last line, not two records
// merged into one), newest first.

#include "logs/log_file.hpp"
#include "logs/log_format.hpp"

#include "fuzz/common.hpp"
#include <unistd.h>

#include <algorithm>
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
  // The file reader: exactly the well-formed records, newest first. It
  // skips what a crash or a full disk leaves (an unterminated last line, two
  // records merged into one line: log_format::looks_merged). One scan per
  // input; read_tail and last_seq are thin wrappers of the same scan.
  std::vector<log_line> expected;
  auto whole = in.substr(0, in.rfind('\n') + 1); // npos + 1 == 0
  for (auto rec : fuzz::split(whole, '\n')) {
    log_line line;
    if (log_format::parse_record(rec, line) && !log_format::looks_merged(line))
      expected.push_back(std::move(line));
  }
  auto path = log_path();
  {
    std::ofstream f{path, std::ios::binary | std::ios::trunc};
    f.write(in.data(), static_cast<std::streamsize>(in.size()));
  }
  std::vector<log_line> scanned;
  log_file::scan_newest_first(path, 1, [&](const log_line& l) {
    scanned.push_back(l);
    return true;
  });
  std::reverse(scanned.begin(), scanned.end());
  fuzz::require(scanned == expected,
                "the file scan returns exactly the well-formed records");
  return 0;
}

#pragma once

// Requests for a process's error records and their answers (local only;
// records never cross the network).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hummel {

/// One error record as readers see it (see lib/errors/store.hpp).
struct error_entry {
  uint64_t id = 0;
  std::string process;
  uint32_t run = 0;
  /// "stdout" or "stderr".
  std::string stream;
  int64_t first_ms = 0;
  int64_t last_ms = 0;
  uint32_t count = 1;
  /// "error", "warning" or "info".
  std::string severity;
  /// The matcher's kind ("typescript", "python-traceback", "gcc").
  std::string kind;
  std::string message;
  std::string code;
  std::string file;
  /// 0 when unknown.
  uint32_t line = 0;
  uint32_t column = 0;
  /// The grouped lines, ANSI stripped.
  std::vector<std::string> lines;
};

/// Which records of one process to return (newest first).
struct error_query {
  /// Only records last seen at or after this time (epoch ms); 0 = all.
  int64_t since_ms = 0;
  uint32_t limit = 50;
  /// "" = every severity; "error", "warning", "info": at least as severe.
  std::string severity;
  /// 0 = every run, else only records of this run.
  uint32_t run = 0;
};

/// Records, newest first.
struct error_page {
  std::vector<error_entry> records;
};

/// "typescript: Type 'number' is not assignable… (src/a.ts:1:7)", at most
/// 200 bytes (the message cut on a UTF-8 boundary, with "…").
inline std::string headline(const error_entry& e) {
  std::string where;
  if (!e.file.empty()) {
    where = " (" + e.file;
    if (e.line > 0)
      where += ":" + std::to_string(e.line);
    if (e.column > 0)
      where += ":" + std::to_string(e.column);
    where += ")";
  }
  std::string head = e.kind + ": ";
  std::string msg = e.message;
  size_t room = 200 > head.size() + where.size() + 3
                  ? 200 - head.size() - where.size() - 3
                  : 0;
  if (msg.size() > room) {
    size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(msg[cut]) & 0xC0) == 0x80)
      --cut;
    msg = msg.substr(0, cut) + "\u2026";
  }
  auto out = head + msg + where;
  if (out.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
      --cut;
    out.resize(cut);
  }
  return out;
}

} // namespace hummel

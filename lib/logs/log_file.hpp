#pragma once

#include "logs/log_format.hpp"
#include "logs/log_record.hpp"

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hummel {

/// A per-process log file with size rotation: `name.log` is the newest
/// file, `name.log.1` … `name.log.<keep-1>` older ones (`keep` files in
/// all). Records use the format of logs/log_format.hpp. Nothing here throws;
/// failures are reported through return values and last_error().
///
/// A failed or short write never leaves a partial record for the next one
/// to continue: the writer cuts the file back to the end of the last whole
/// record (ftruncate), or, if it cannot, starts the next record on a fresh
/// line. A file whose last byte is not a newline (a crash mid-write) is
/// handled the same way when opened. The readers skip an unterminated last
/// line and lines that are two records run together (see
/// log_format::looks_merged).
///
/// Thread safety: a log_file object belongs to one actor. The static
/// readers may run on any thread, also while a writer appends (they may then
/// miss or half-read the newest record; half records are skipped or cut).
class log_file {
public:
  /// Default size at which the file is rotated.
  static constexpr uint64_t default_max_bytes = 10 * 1024 * 1024;

  /// Default number of files kept (the current one included).
  static constexpr uint32_t default_keep = 5;

  /// Prepares writing to `path`; the file is opened (and its parent
  /// directories created with mode 0700) on the first append. A `keep` of
  /// 0 is treated as 1.
  explicit log_file(std::filesystem::path path,
                    uint64_t max_bytes = default_max_bytes,
                    uint32_t keep = default_keep);

  /// Closes the file.
  ~log_file();

  log_file(const log_file&) = delete;
  log_file& operator=(const log_file&) = delete;

  /// How bytes reach the file; `::write` unless replaced (tests inject
  /// ENOSPC, EIO and short writes through it).
  using write_fn = ssize_t (*)(int fd, const void* data, size_t len);

  /// Replaces the write function (nullptr restores `::write`).
  void set_write_fn(write_fn f) noexcept {
    write_ = f;
  }

  /// Appends `lines` as records, with one write() per batch unless the
  /// batch must be split across a rotation. Returns false, and sets
  /// last_error() and last_errno(), if opening, rotating or writing failed;
  /// then the first written() lines are whole in the file and the others
  /// are not in it at all (writing stops at the first failure).
  bool append(std::span<const log_line> lines);

  /// Empties the log: the newest file cut to nothing (appends go on from
  /// there), the rotated ones removed. Returns how many bytes they held,
  /// or nullopt (see last_error()) if a file could not be cut or removed.
  std::optional<uint64_t> clear();

  /// Closes the descriptor until the next append (or clear) opens the file
  /// again, where it ends then, and gives back the append buffer: a quiet
  /// process holds no descriptor (with thousands of processes, their log
  /// files were a quarter of the daemon's descriptors) and no buffer.
  void close() noexcept;

  /// Returns whether the file is open now.
  bool is_open() const noexcept {
    return fd_ >= 0;
  }

  /// How many lines of the last append reached the file whole: all of
  /// them after a successful append, a prefix after a failed one.
  size_t written() const noexcept {
    return written_;
  }

  /// Returns a description of the most recent failure, or "".
  const std::string& last_error() const noexcept {
    return last_error_;
  }

  /// Returns the errno of the most recent failure, or 0.
  int last_errno() const noexcept {
    return last_errno_;
  }

  /// Returns the path of the newest file.
  std::filesystem::path path() const {
    return path_;
  }

  /// Returns the memory the append buffer keeps between appends (a burst's
  /// large batch is not kept: common/scratch.hpp).
  size_t buffer_capacity() const noexcept {
    return buf_.capacity();
  }

  /// Returns the size of the newest file as far as this object knows.
  uint64_t size() const noexcept {
    return size_;
  }

  /// Returns the path of rotated file `index` (0 is the newest file).
  static std::filesystem::path rotated_path(const std::filesystem::path& path,
                                            uint32_t index);

  /// Returns the newest `max_lines` records across the rotated files,
  /// oldest first, skipping malformed lines.
  static std::vector<log_line> read_tail(const std::filesystem::path& path,
                                         size_t max_lines,
                                         uint32_t keep = default_keep);

  /// Calls `f(const log_line&)` for each well-formed record, newest first
  /// (from `name.log` back to `name.log.<keep-1>`), until `f` returns false.
  /// Each file is read into memory as a whole.
  template <class F>
  static void scan_newest_first(const std::filesystem::path& path,
                                uint32_t keep, F f) {
    auto call = [](void* ctx, const log_line& line) {
      return static_cast<bool>((*static_cast<F*>(ctx))(line));
    };
    scan_impl(path, keep, call, &f);
  }

  /// Returns the seq of the newest well-formed record, or 0 if none.
  static uint64_t last_seq(const std::filesystem::path& path,
                           uint32_t keep = default_keep);

private:
  using scan_fn = bool (*)(void*, const log_line&);

  static void scan_impl(const std::filesystem::path& path, uint32_t keep,
                        scan_fn f, void* ctx);

  bool open();
  bool rotate();
  bool write_all(const char* data, size_t len);
  bool flush(size_t len, size_t count);
  void fail(const char* what, const std::filesystem::path& p, int err);

  /// As text: a `std::filesystem::path` keeps its components in a second
  /// allocation (about 400 bytes for a log file's path, for each process).
  std::string path_;
  uint64_t max_bytes_;
  uint32_t keep_;
  int fd_ = -1;
  uint64_t size_ = 0;
  /// The file does not end with a newline (a cut we could not undo): the
  /// next write starts with one.
  bool torn_ = false;
  size_t written_ = 0;
  write_fn write_ = nullptr;
  std::string buf_;
  /// The last record's time, formatted (log_format::record_cache).
  log_format::record_cache cache_;
  std::string last_error_;
  int last_errno_ = 0;
};

} // namespace hummel

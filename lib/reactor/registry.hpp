#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

/// The crash-recovery registry: an append-only file of live children,
/// "+ <pid> <start-ticks> <marker>" when one starts and "- <pid>
/// <start-ticks>" when it is reaped.
///
/// Thread safety: a registry_writer belongs to one thread.
namespace hummel::reactor::detail {

/// One live entry of the registry.
struct registry_entry {
  /// Process id of the leader.
  int pid = 0;
  /// Its start time in clock ticks after boot.
  uint64_t start_ticks = 0;
  /// Its HUMMEL_RUN marker.
  std::string marker;
};

/// Reads `path` and returns the entries added and not removed.
std::vector<registry_entry> read_registry(const std::filesystem::path& path);

/// Appends to the registry; compacts it when removed entries dominate.
class registry_writer {
public:
  /// Opens (creates) `path` for appending; an empty path disables writing.
  explicit registry_writer(std::filesystem::path path);

  ~registry_writer();

  registry_writer(const registry_writer&) = delete;
  registry_writer& operator=(const registry_writer&) = delete;

  /// Records a started child.
  void add(int pid, uint64_t start_ticks, const std::string& marker);

  /// Records a reaped child.
  void remove(int pid, uint64_t start_ticks);

private:
  void append(const std::string& line);
  void compact();

  std::filesystem::path path_;
  int fd_ = -1;
  size_t lines_ = 0;
  std::map<std::pair<int, uint64_t>, std::string> live_;
};

} // namespace hummel::reactor::detail

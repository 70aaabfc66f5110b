// Reading a configuration file safely (regular files of bounded size only)
// and keeping what an error quotes short.

#include "common/defer.hpp"
#include "config/detail/internal.hpp"
#include "config/load.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hummel {

namespace fs = std::filesystem;

namespace {

/// "a FIFO", "a character device", ... for a file that is not regular.
std::string kind_of(mode_t mode) {
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISSOCK(mode))
    return "a socket";
  return "a special file";
}

std::string too_big(uint64_t size, size_t max_bytes) {
  return "the file is " + std::to_string(size) + " bytes; the limit is "
         + std::to_string(max_bytes) + " bytes";
}

/// `s` cut to at most `n` bytes, not inside a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, size_t n) {
  if (s.size() <= n)
    return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
    --n;
  return s.substr(0, n);
}

/// The first `keep` bytes of a long `s` and its size: "abc… (10485760
/// bytes)". Kept whole up to `keep` + 40 bytes, so cutting again changes
/// nothing.
std::string shortened(std::string_view s, size_t keep) {
  if (s.size() <= keep + 40)
    return std::string{s};
  return std::string{utf8_prefix(s, keep)} + "… (" + std::to_string(s.size())
         + " bytes)";
}

} // namespace

namespace config_detail {

std::string cap_quoted_values(std::string_view message) {
  // Every value an error quotes sits between single quotes: the odd pieces
  // of a split at "'". A value with quotes of its own shifts the pieces;
  // then the whole-message cap below still bounds the text.
  std::string out;
  size_t piece = 0;
  for (size_t at = 0; at <= message.size(); ++piece) {
    size_t end = std::min(message.find('\'', at), message.size());
    auto text = message.substr(at, end - at);
    out += piece % 2 == 1 ? shortened(text, max_quoted_bytes) : text;
    if (end < message.size())
      out += '\'';
    at = end + 1;
  }
  return shortened(out, 4 * max_quoted_bytes + 400);
}

std::optional<std::string> read_text(const fs::path& file, std::string& why,
                                     size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO does not wait for a writer; fstat then
  // refuses anything but a regular file before a byte is read.
  int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  auto close_fd = defer([fd] { ::close(fd); });
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    why = "is a directory";
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    why = "not a regular file (" + kind_of(st.st_mode) + ")";
    return std::nullopt;
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    why = too_big(static_cast<uint64_t>(st.st_size), max_bytes);
    return std::nullopt;
  }
  // Read to the end, at most max_bytes + 1: the file may grow meanwhile.
  std::string text(static_cast<size_t>(st.st_size) + 1, '\0');
  size_t got = 0;
  for (;;) {
    if (got == text.size() && text.size() <= max_bytes)
      text.resize(std::min(max_bytes + 1, text.size() * 2 + 4096));
    if (got == text.size())
      break; // more than max_bytes
    ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      why = std::strerror(errno);
      return std::nullopt;
    }
    if (n == 0)
      break;
    got += static_cast<size_t>(n);
  }
  if (got > max_bytes) {
    why = too_big(got, max_bytes);
    return std::nullopt;
  }
  text.resize(got);
  return text;
}

} // namespace config_detail

} // namespace hummel

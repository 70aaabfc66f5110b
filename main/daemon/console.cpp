#include "main/daemon/console.hpp"

#include "common/scratch.hpp"
#include "logs/text.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

namespace hummel {

console_printer::console_printer(std::FILE* out,
                                 const std::vector<std::string>& names,
                                 bool color)
  : out_(out), color_(color) {
  for (const auto& name : names)
    width_ = std::max(width_, name.size());
  width_ = std::min<size_t>(width_, 24);
}

bool console_printer::want_color(std::FILE* out) {
  auto* no_color = std::getenv("NO_COLOR");
  return isatty(fileno(out)) && (no_color == nullptr || *no_color == '\0');
}

void console_printer::print(const std::string& name, uint8_t stream,
                            const std::vector<std::string>& lines) {
  auto now
    = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  localtime_r(&now, &tm);
  char stamp[16];
  std::strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
  std::lock_guard<std::mutex> guard{mtx_};
  buf_.clear();
  for (const auto& line : lines) {
    buf_ += stamp;
    buf_ += ' ';
    if (color_)
      buf_ += stream == 2 ? "\x1b[31m" : "\x1b[36m";
    buf_ += name;
    if (name.size() < width_)
      buf_.append(width_ - name.size(), ' ');
    buf_ += stream == 2 ? " ! " : " | ";
    if (color_)
      buf_ += "\x1b[0m";
    buf_ += sanitize_utf8(line);
    buf_ += '\n';
  }
  std::fwrite(buf_.data(), 1, buf_.size(), out_);
  std::fflush(out_);
  release_if_oversized(buf_);
}

} // namespace hummel

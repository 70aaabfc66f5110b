#include "main/daemon/runtime_file.hpp"

#include "common/log.hpp"
#include "common/proc_stat.hpp"

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace hummel {

namespace fs = std::filesystem;

runtime_file::runtime_file(fs::path path, const runtime_file_info& info)
  : path_(std::move(path)) {
  auto self = read_proc_stat(getpid());
  nlohmann::json j{
    {"pid", getpid()},
    {"start_time", self ? self->start_ticks : 0},
    {"socket", info.socket.string()},
    {"http", info.url.empty() ? nlohmann::json() : nlohmann::json(info.url)},
    {"dir", info.dir.string()}};
  if (!info.token.empty())
    j["token"] = info.token;
  if (!info.loopback_token.empty())
    j["loopback_token"] = info.loopback_token;
  if (!info.hub_socket.empty()) {
    j["hub_socket"] = info.hub_socket.string();
    j["hub_credential"] = info.hub_credential;
  }
  auto tmp = path_;
  tmp += ".tmp";
  {
    auto old = umask(077);
    std::ofstream out{tmp};
    out << j.dump(2) << '\n';
    umask(old);
  }
  std::error_code err;
  fs::rename(tmp, path_, err);
  if (err)
    HUMMEL_LOG_ERROR(daemon, "cannot write the runtime file {}: {}",
                     path_.string(), err.message());
}

runtime_file::~runtime_file() {
  std::error_code ignored;
  fs::remove(path_, ignored);
}

} // namespace hummel

#include "main/daemon/cluster/unix_transport.hpp"

#include "common/log.hpp"

#include <caf/actor_system.hpp>
#include <caf/io/basp_broker.hpp>
#include <caf/io/middleman.hpp>
#include <caf/io/middleman_actor_impl.hpp>
#include <caf/io/network/default_multiplexer.hpp>
#include <caf/io/network/doorman_impl.hpp>
#include <caf/io/network/scribe_impl.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/sec.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hummel {

namespace {

namespace network = caf::io::network;
using mpx_type = network::default_multiplexer;

/// A servant (connection or listener) on the unix socket `path`: addr()
/// names the transport, port() is the one the listener reports to BASP.
template <class Base>
class on_unix_socket : public Base {
public:
  on_unix_socket(mpx_type& mpx, network::native_socket fd, std::string path)
    : Base(mpx, fd), path_(std::move(path)) {
  }

  std::string addr() const override {
    return "unix:" + path_;
  }

  uint16_t port() const override {
    return unix_link_port;
  }

protected:
  std::string path_;
};

using unix_scribe = on_unix_socket<network::scribe_impl>;

/// A unix listener that hands BASP only connections of this uid.
class unix_doorman : public on_unix_socket<network::doorman_impl> {
public:
  using on_unix_socket::on_unix_socket;

  ~unix_doorman() override {
    ::unlink(path_.c_str());
  }

  bool new_connection() override {
    if (detached())
      return false;
    auto fd = acceptor_.accepted_socket();
    ucred cred{};
    socklen_t len = sizeof(cred);
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0
        || cred.uid != ::geteuid()) {
      HUMMEL_LOG_WARN(cluster,
                      "refused a link on {} from uid {} (pid {}): not this "
                      "user",
                      path_, static_cast<long>(cred.uid),
                      static_cast<long>(cred.pid));
      ::close(fd);
      return true;
    }
    network::nonblocking(fd, true);
    network::child_process_inherit(fd, false);
    auto& dm = acceptor_.backend();
    auto sptr = caf::make_counted<unix_scribe>(dm, fd, path_);
    auto hdl = sptr->hdl();
    parent()->add_scribe(std::move(sptr));
    return doorman::new_connection(&dm, hdl);
  }
};

caf::error sys_error(const std::string& what, const std::string& path) {
  return caf::make_error(caf::sec::cannot_connect_to_node,
                         what + " " + path + ": " + std::strerror(errno));
}

/// Fills `addr` with `path`; false if it does not fit.
bool to_address(const std::string& path, sockaddr_un& addr) {
  addr = {};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof(addr.sun_path))
    return false;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return true;
}

class unix_middleman_actor : public caf::io::middleman_actor_impl {
public:
  unix_middleman_actor(caf::actor_config& cfg, caf::actor basp)
    : caf::io::middleman_actor_impl(cfg, std::move(basp)) {
  }

  const char* name() const override {
    return "hummel::unix_middleman_actor";
  }

protected:
  caf::expected<caf::io::scribe_ptr> connect(const std::string& path,
                                             uint16_t) override {
    sockaddr_un addr;
    if (!to_address(path, addr))
      return caf::make_error(caf::sec::cannot_connect_to_node,
                             "socket path too long: " + path);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
      return sys_error("socket for", path);
    // A local connect completes at once (or fails: no listener, full
    // backlog); this actor runs on its own thread.
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      auto err = sys_error("cannot connect to", path);
      ::close(fd);
      return err;
    }
    network::nonblocking(fd, true);
    return caf::make_counted<unix_scribe>(mpx(), fd, path);
  }

  caf::expected<caf::io::doorman_ptr> open(uint16_t, const char* where,
                                           bool) override {
    std::string path = where != nullptr ? where : "";
    sockaddr_un addr;
    if (path.empty() || !to_address(path, addr))
      return caf::make_error(caf::sec::cannot_open_port,
                             "invalid socket path: " + path);
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode))
      ::unlink(path.c_str()); // a stale socket (the project lock is ours)
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
      return caf::make_error(caf::sec::cannot_open_port, "socket failed");
    auto old = ::umask(077);
    int rc = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::umask(old);
    if (rc != 0 || ::listen(fd, 64) != 0) {
      auto why = std::string{std::strerror(errno)};
      ::close(fd);
      return caf::make_error(caf::sec::cannot_open_port,
                             "cannot listen on " + path + ": " + why);
    }
    ::chmod(path.c_str(), 0600);
    network::nonblocking(fd, true);
    return caf::make_counted<unix_doorman>(mpx(), fd, path);
  }

private:
  mpx_type& mpx() {
    return static_cast<mpx_type&>(system().middleman().backend());
  }
};

} // namespace

caf::io::middleman_actor unix_connector(caf::actor_system& sys) {
  auto basp
    = sys.middleman().named_broker<caf::io::basp_broker>(caf::atom("BASP"));
  return sys.spawn<unix_middleman_actor, caf::detached + caf::hidden>(
    std::move(basp));
}

std::variant<uint16_t, std::string>
publish_unix(caf::actor_system& sys, const caf::io::middleman_actor& connector,
             const caf::strong_actor_ptr& whom, std::set<std::string> sigs,
             const std::filesystem::path& path) {
  caf::scoped_actor self{sys, true};
  std::variant<uint16_t, std::string> result{std::string{"no answer"}};
  self
    ->request(connector, std::chrono::seconds{10}, caf::publish_atom_v,
              unix_link_port, whom, std::move(sigs), path.string(), true)
    .receive([&](uint16_t port) { result = port; },
             [&](caf::error& err) { result = sys.render(err); });
  return result;
}

} // namespace hummel

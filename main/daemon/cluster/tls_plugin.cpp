// hummel-tls.so's entry point (tls_module.hpp): CAF's OpenSSL module and
// the repairs of tls_watch.cpp, built as a module the daemon opens only
// when `[cluster] tls` is set.

#include "main/daemon/cluster/tls_module.hpp"
#include "main/daemon/cluster/tls_watch.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/openssl/publish.hpp>

namespace hummel {
namespace {

void configure(caf::actor_system_config& cfg, const std::string& cert,
               const std::string& key, const std::string& ca,
               void (*warn)(const std::string& line)) {
  tls_watch::set_warn(warn);
  cfg.load<caf::openssl::manager>();
  cfg.openssl_certificate = cert;
  cfg.openssl_key = key;
  cfg.openssl_cafile = ca;
}

caf::expected<uint16_t> publish(caf::actor_system& sys,
                                const caf::strong_actor_ptr& whom,
                                std::set<std::string> sigs, uint16_t port,
                                const char* host) {
  return caf::openssl::publish(sys, whom, std::move(sigs), port, host, true);
}

caf::io::middleman_actor connector(caf::actor_system& sys) {
  return sys.openssl_manager().actor_handle();
}

constexpr tls_module entry{tls_module_abi, configure, publish, connector,
                           tls_watch::take_failure};

} // namespace
} // namespace hummel

extern "C" __attribute__((visibility("default"))) const hummel::tls_module*
hummel_tls_module() {
  return &hummel::entry;
}

#include "main/daemon/cluster/cluster_net.hpp"

#include "config/load.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/openssl/publish.hpp>

namespace hummel {

void configure_cluster(caf::actor_system_config& cfg,
                       const cluster_settings& cluster) {
  cfg.load<caf::io::middleman>();
  cfg.set("middleman.app-identifiers",
          std::vector<std::string>{cluster_protocol});
  cfg.set("middleman.heartbeat-interval", caf::timespan{cluster_heartbeat});
  cfg.set("middleman.connection-timeout", caf::timespan{cluster_silence});
  if (cluster.tls.enabled()) {
    cfg.load<caf::openssl::manager>();
    cfg.openssl_certificate = cluster.tls.cert.string();
    cfg.openssl_key = cluster.tls.key.string();
    cfg.openssl_cafile = cluster.tls.ca.string();
  }
}

std::variant<uint16_t, std::string>
publish_node(caf::actor_system& sys, const node_actor& node,
             const cluster_settings& cluster) {
  auto hp = split_host_port(cluster.listen);
  if (!hp)
    return "invalid cluster listen address '" + cluster.listen + "'";
  auto port
    = cluster.tls.enabled()
        ? caf::openssl::publish(node, hp->port, hp->host.c_str(), true)
        : sys.middleman().publish(node, hp->port, hp->host.c_str(), true);
  if (!port)
    return "cannot listen for cluster links on " + cluster.listen + ": "
           + sys.render(port.error());
  return *port;
}

caf::io::middleman_actor cluster_connector(caf::actor_system& sys,
                                           const cluster_settings& cluster) {
  if (cluster.tls.enabled())
    return sys.openssl_manager().actor_handle();
  return sys.middleman().actor_handle();
}

} // namespace hummel

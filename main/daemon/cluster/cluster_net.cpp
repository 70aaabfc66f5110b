#include "main/daemon/cluster/cluster_net.hpp"

#include "common/log.hpp"
#include "config/load.hpp"
#include "main/daemon/cluster/tls_module.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>

namespace hummel {

namespace {

void warn_tls(const std::string& line) {
  HUMMEL_LOG_WARN(tls, "{}", line);
}

} // namespace

void configure_cluster(caf::actor_system_config& cfg,
                       const cluster_settings& cluster, const tls_module* tls) {
  cfg.load<caf::io::middleman>();
  cfg.set("middleman.app-identifiers",
          std::vector<std::string>{cluster_protocol});
  cfg.set("middleman.heartbeat-interval", caf::timespan{cluster_heartbeat});
  cfg.set("middleman.connection-timeout", caf::timespan{cluster_silence});
  if (cluster.tls.enabled() && tls != nullptr)
    tls->configure(cfg, cluster.tls.cert.string(), cluster.tls.key.string(),
                   cluster.tls.ca.string(), warn_tls);
}

std::variant<uint16_t, std::string>
publish_node(caf::actor_system& sys, const node_actor& node,
             const cluster_settings& cluster, const tls_module* tls) {
  auto hp = split_host_port(cluster.listen);
  if (!hp)
    return "invalid cluster listen address '" + cluster.listen + "'";
  if (cluster.tls.enabled() && tls == nullptr)
    return "cluster TLS is configured but its module is not loaded";
  auto port
    = cluster.tls.enabled()
        ? tls->publish(sys, caf::actor_cast<caf::strong_actor_ptr>(node),
                       sys.message_types(node), hp->port, hp->host.c_str())
        : sys.middleman().publish(node, hp->port, hp->host.c_str(), true);
  if (!port)
    return "cannot listen for cluster links on " + cluster.listen + ": "
           + sys.render(port.error());
  return *port;
}

caf::io::middleman_actor cluster_connector(caf::actor_system& sys,
                                           const tls_module* tls) {
  if (tls != nullptr)
    return tls->connector(sys);
  return sys.middleman().actor_handle();
}

std::string explain_tls_failure(const tls_module* tls,
                                const std::string& address) {
  if (tls == nullptr)
    return {};
  auto hp = split_host_port(address);
  return tls->take_failure(address, hp ? hp->port : 0);
}

} // namespace hummel

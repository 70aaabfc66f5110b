#include "main/tls_watch.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <map>
#include <mutex>
#include <set>

namespace hummel::tls_watch {

namespace {

struct registry {
  std::mutex mtx;
  std::function<void(const std::string&)> log;
  /// Certificate problems found by the verify callback, per connection.
  std::map<const SSL*, std::string> verify_errors;
  /// Last outbound failure per "ip:port".
  std::map<std::string, std::string> outbound;
  /// (peer host, reason) pairs already logged.
  std::set<std::pair<std::string, std::string>> logged;
  size_t refusals = 0;
};

registry& reg() {
  static registry r;
  return r;
}

/// "ip:port" of the peer of `ssl`'s socket, or "".
std::pair<std::string, std::string> peer_of(const SSL* ssl) {
  int fd = SSL_get_fd(ssl);
  sockaddr_storage sa{};
  socklen_t len = sizeof(sa);
  if (fd < 0 || getpeername(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0)
    return {"unknown", "0"};
  char host[INET6_ADDRSTRLEN] = {};
  uint16_t port = 0;
  if (sa.ss_family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&sa);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
    port = ntohs(in->sin_port);
  } else if (sa.ss_family == AF_INET6) {
    auto* in = reinterpret_cast<sockaddr_in6*>(&sa);
    inet_ntop(AF_INET6, &in->sin6_addr, host, sizeof(host));
    port = ntohs(in->sin6_port);
  }
  return {host, std::to_string(port)};
}

int on_verify(int ok, X509_STORE_CTX* store) {
  if (ok)
    return ok;
  auto* ssl = static_cast<SSL*>(
    X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  std::string why = "certificate rejected: ";
  why += X509_verify_cert_error_string(X509_STORE_CTX_get_error(store));
  if (auto* cert = X509_STORE_CTX_get_current_cert(store)) {
    char name[256] = {};
    X509_NAME_oneline(X509_get_subject_name(cert), name, sizeof(name) - 1);
    why += std::string{" (subject "} + name + ")";
  }
  std::lock_guard guard{reg().mtx};
  reg().verify_errors[ssl].swap(why);
  return ok;
}

void on_info(const SSL* ssl, int where, int ret) {
  bool server = SSL_is_server(const_cast<SSL*>(ssl)) == 1;
  auto [host, port] = peer_of(ssl);
  auto& r = reg();
  if (where & SSL_CB_HANDSHAKE_DONE) {
    if (!server) {
      std::lock_guard guard{r.mtx};
      r.outbound.erase(host + ":" + port);
    }
    return;
  }
  if (!(where & SSL_CB_ALERT) || SSL_alert_type_string(ret)[0] != 'F')
    return;
  std::string alert = SSL_alert_desc_string_long(ret);
  std::string why;
  {
    std::lock_guard guard{r.mtx};
    if (auto i = r.verify_errors.find(ssl); i != r.verify_errors.end()) {
      why = i->second;
      r.verify_errors.erase(i);
    }
  }
  bool sent = (where & SSL_CB_WRITE) != 0;
  if (why.empty())
    why = sent ? "TLS alert '" + alert + "' sent"
               : "the peer refused us (TLS alert '" + alert + "')";
  else
    why += " (TLS alert '" + alert + "')";
  if (alert == "certificate required" || alert == "handshake failure")
    why += "; does it have a certificate signed by our CA?";
  std::function<void(const std::string&)> log;
  {
    std::lock_guard guard{r.mtx};
    if (!server) {
      r.outbound[host + ":" + port] = "TLS handshake failed: " + why;
      return;
    }
    ++r.refusals;
    if (!r.logged.emplace(host, why).second)
      return;
    log = r.log;
  }
  if (log)
    log("cluster: refused link from " + host + ":" + port + ": " + why
        + " (further refusals like this one from " + host
        + " are not logged)");
}

} // namespace

void install(std::function<void(const std::string&)> log_refusal) {
  std::lock_guard guard{reg().mtx};
  reg().log = std::move(log_refusal);
}

std::string last_failure(const std::string& address) {
  std::lock_guard guard{reg().mtx};
  auto& out = reg().outbound;
  if (auto i = out.find(address); i != out.end())
    return i->second;
  // A host name in the configuration: match by port.
  auto colon = address.rfind(':');
  if (colon == std::string::npos)
    return {};
  auto port = address.substr(colon);
  for (const auto& [key, why] : out)
    if (key.size() >= port.size()
        && key.compare(key.size() - port.size(), port.size(), port) == 0)
      return why;
  return {};
}

size_t refusals() {
  std::lock_guard guard{reg().mtx};
  return reg().refusals;
}

} // namespace hummel::tls_watch

// The interposed constructor. The executable exports this symbol
// (--export-dynamic-symbol=SSL_new), so libcaf_openssl's calls bind here;
// the real one is the next definition in the lookup order (libssl).
extern "C" SSL* SSL_new(SSL_CTX* ctx) {
  using fn = SSL* (*)(SSL_CTX*);
  static fn real = reinterpret_cast<fn>(dlsym(RTLD_NEXT, "SSL_new"));
  if (real == nullptr)
    return nullptr;
  SSL* ssl = real(ctx);
  if (ssl != nullptr) {
    SSL_set_info_callback(ssl, hummel::tls_watch::on_info);
    SSL_set_verify(ssl, SSL_get_verify_mode(ssl), hummel::tls_watch::on_verify);
  }
  return ssl;
}

#include "main/daemon/cluster/tls_watch.hpp"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

namespace hummel::tls_watch {

namespace {

/// What one connection's handshake showed so far.
struct conn_info {
  std::string host;
  std::string port;
  /// From the verify callback.
  std::string verify_error;
  /// Fatal alerts sent and received.
  std::string alert_sent;
  std::string alert_received;
  /// The failure was handled (CAF may call again on a failed session).
  bool failed = false;
};

struct registry {
  std::mutex mtx;
  std::map<const SSL*, conn_info> conns;
  /// Last outbound failure per "ip:port".
  std::map<std::string, std::string> outbound;
  /// (peer host, reason) pairs already logged.
  std::set<std::pair<std::string, std::string>> logged;
};

registry& reg() {
  static registry r;
  return r;
}

/// Where refused-link lines go (set by `set_warn` before any link).
std::atomic<void (*)(const std::string&)> warn_line{nullptr};

/// The record of `ssl`, with its peer address filled in once known.
/// Requires the registry's mutex.
conn_info& info_of(const SSL* ssl) {
  auto& c = reg().conns[ssl];
  if (!c.host.empty())
    return c;
  int fd = SSL_get_fd(ssl);
  sockaddr_storage sa{};
  socklen_t len = sizeof(sa);
  if (fd < 0 || getpeername(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0)
    return c;
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
  c.host = host;
  c.port = std::to_string(port);
  return c;
}

int on_verify(int ok, X509_STORE_CTX* store) {
  if (ok)
    return ok;
  auto* ssl = static_cast<SSL*>(
    X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto code = X509_STORE_CTX_get_error(store);
  std::string why = "certificate rejected: ";
  if (code == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
      || code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
      || code == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT)
    why += "not signed by our CA; ";
  why += X509_verify_cert_error_string(code);
  if (auto* cert = X509_STORE_CTX_get_current_cert(store)) {
    char name[256] = {};
    X509_NAME_oneline(X509_get_subject_name(cert), name, sizeof(name) - 1);
    why += std::string{" ("} + name + ")";
  }
  std::lock_guard guard{reg().mtx};
  auto& c = info_of(ssl);
  if (c.verify_error.empty())
    c.verify_error = std::move(why);
  return ok;
}

void on_info(const SSL* ssl, int where, int ret) {
  bool done = (where & SSL_CB_HANDSHAKE_DONE) != 0;
  bool alert
    = (where & SSL_CB_ALERT) != 0 && SSL_alert_type_string(ret)[0] == 'F';
  if (!done && !alert)
    return;
  std::lock_guard guard{reg().mtx};
  auto& r = reg();
  if (done) {
    auto& c = info_of(ssl);
    if (!SSL_is_server(const_cast<SSL*>(ssl)))
      r.outbound.erase(c.host + ":" + c.port);
    r.conns.erase(ssl);
    return;
  }
  auto& c = info_of(ssl);
  auto& slot = (where & SSL_CB_WRITE) ? c.alert_sent : c.alert_received;
  slot = SSL_alert_desc_string_long(ret);
}

/// Called after an I/O call failed before the handshake finished.
void handshake_failed(const SSL* ssl, int code) {
  unsigned long e = ERR_peek_error();
  std::string lib_reason = e != 0 && ERR_reason_error_string(e) != nullptr
                             ? ERR_reason_error_string(e)
                             : "";
  std::string line;
  {
    std::lock_guard guard{reg().mtx};
    auto& r = reg();
    auto& rec = info_of(ssl);
    if (rec.failed)
      return;
    rec.failed = true;
    auto c = rec;
    bool server = SSL_is_server(const_cast<SSL*>(ssl)) == 1;
    std::string why;
    if (!c.verify_error.empty())
      why = c.verify_error;
    else if (!c.alert_received.empty())
      why = "the peer rejected the handshake (TLS alert '" + c.alert_received
            + "'): it does not trust our certificate, or has none we trust";
    else if (server && lib_reason == "peer did not return a certificate")
      why = "the peer sent no certificate";
    else if (!lib_reason.empty())
      why = lib_reason == "wrong version number"
                || lib_reason == "packet length too long"
              ? "not a TLS connection (" + lib_reason
                  + "): is the peer configured without [cluster] tls?"
              : lib_reason;
    else if (code == SSL_ERROR_SYSCALL || code == SSL_ERROR_ZERO_RETURN)
      why = "the connection closed during the TLS handshake";
    else
      why = "TLS handshake failed";
    if (!c.alert_sent.empty() && c.verify_error.empty()
        && c.alert_received.empty())
      why += " (TLS alert '" + c.alert_sent + "' sent)";
    if (!server) {
      r.outbound[c.host + ":" + c.port] = "TLS handshake failed: " + why;
      return;
    }
    if (!r.logged.emplace(c.host, why).second)
      return;
    // A peer that reset the connection before its first TLS byte was read
    // has no address any more (getpeername fails): said so, not ":".
    auto from = c.host.empty() ? std::string{"an unknown address (gone)"}
                               : c.host + ":" + c.port;
    auto who = c.host.empty() ? std::string{"unknown addresses"} : c.host;
    line = "cluster: refused link from " + from + ": " + why
           + " (further refusals like this one from " + who
           + " are not logged)";
  }
  if (auto* warn = warn_line.load())
    warn(line);
}

/// Runs one OpenSSL I/O call the way OpenSSL requires: with an empty error
/// queue. CAF 0.17 never clears the queue, so an error left by one failed
/// handshake made SSL_get_error report a fatal error for the next healthy
/// connection served by the same thread, which CAF then closed.
template <class F>
int guarded(SSL* ssl, F call) {
  ERR_clear_error();
  bool handshaking = !SSL_is_init_finished(ssl);
  if (handshaking) {
    // The peer's address, while the socket still has one.
    std::lock_guard guard{reg().mtx};
    info_of(ssl);
  }
  int ret = call();
  if (ret <= 0 && handshaking && !SSL_is_init_finished(ssl)) {
    int code = SSL_get_error(ssl, ret);
    if (code != SSL_ERROR_WANT_READ && code != SSL_ERROR_WANT_WRITE)
      handshake_failed(ssl, code);
  }
  return ret;
}

template <class Fn>
Fn real(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

} // namespace

void set_warn(void (*warn)(const std::string& line)) {
  warn_line = warn;
}

std::string take_failure(const std::string& address, uint16_t port) {
  std::lock_guard guard{reg().mtx};
  auto& out = reg().outbound;
  auto i = out.find(address);
  if (i == out.end()) {
    // A host name in the configuration: match by port.
    if (port == 0)
      return {};
    auto suffix = ":" + std::to_string(port);
    i = std::find_if(out.begin(), out.end(), [&](const auto& kv) {
      const auto& key = kv.first;
      return key.size() >= suffix.size()
             && key.compare(key.size() - suffix.size(), suffix.size(), suffix)
                  == 0;
    });
    if (i == out.end())
      return {};
  }
  auto why = std::move(i->second);
  out.erase(i);
  return why;
}

} // namespace hummel::tls_watch

// The interposed entry points. hummel-tls.so defines these symbols and
// comes before its dependencies in the lookup scope dlopen gives them, so
// libcaf_openssl's calls bind here; the real ones are the next definitions
// in that order (libssl), found with dlsym(RTLD_NEXT).

using namespace hummel::tls_watch;

extern "C" SSL* SSL_new(SSL_CTX* ctx) {
  static auto fn = real<SSL* (*)(SSL_CTX*)>("SSL_new");
  SSL* ssl = fn != nullptr ? fn(ctx) : nullptr;
  if (ssl != nullptr) {
    SSL_set_info_callback(ssl, on_info);
    SSL_set_verify(ssl, SSL_get_verify_mode(ssl), on_verify);
  }
  return ssl;
}

extern "C" void SSL_free(SSL* ssl) {
  static auto fn = real<void (*)(SSL*)>("SSL_free");
  if (ssl != nullptr) {
    std::lock_guard guard{reg().mtx};
    reg().conns.erase(ssl);
  }
  fn(ssl);
}

extern "C" int SSL_accept(SSL* ssl) {
  static auto fn = real<int (*)(SSL*)>("SSL_accept");
  return guarded(ssl, [&] { return fn(ssl); });
}

extern "C" int SSL_connect(SSL* ssl) {
  static auto fn = real<int (*)(SSL*)>("SSL_connect");
  return guarded(ssl, [&] { return fn(ssl); });
}

extern "C" int SSL_read(SSL* ssl, void* buf, int num) {
  static auto fn = real<int (*)(SSL*, void*, int)>("SSL_read");
  return guarded(ssl, [&] { return fn(ssl, buf, num); });
}

extern "C" int SSL_write(SSL* ssl, const void* buf, int num) {
  static auto fn = real<int (*)(SSL*, const void*, int)>("SSL_write");
  return guarded(ssl, [&] { return fn(ssl, buf, num); });
}

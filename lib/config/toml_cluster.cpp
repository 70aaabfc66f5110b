// hummel.toml: the [cluster] table, and the checks shared with the
// command-line flags that set the same values.

#include "config/detail/internal.hpp"
#include "config/detail/keys.hpp"
#include "config/detail/toml_util.hpp"
#include "config/load.hpp"

namespace hummel {

namespace {

std::optional<std::string> cluster_problem(const cluster_settings& c) {
  if (!c.listen.empty() && !split_host_port(c.listen))
    return "invalid cluster listen address '" + c.listen
           + "' (expected \"host:port\")";
  for (const auto& p : c.peers) {
    auto hp = split_host_port(p);
    if (!hp || hp->port == 0)
      return "invalid cluster peer '" + p + "' (expected \"host:port\")";
  }
  const auto& t = c.tls;
  bool any = !t.cert.empty() || !t.key.empty() || !t.ca.empty();
  if (any && (t.cert.empty() || t.key.empty() || t.ca.empty()))
    return "cluster tls needs all of cert, key and ca";
  for (const auto* f : {&t.cert, &t.key, &t.ca}) {
    std::error_code err;
    if (!f->empty() && !std::filesystem::is_regular_file(*f, err))
      return "cluster tls file not found: " + f->string();
  }
  if (!c.listen.empty() && !t.enabled()
      && !is_loopback_host(split_host_port(c.listen)->host))
    return "cluster listen address '" + c.listen
           + "' is not loopback: links beyond this machine need [cluster] "
             "tls (cert, key, ca)";
  if (c.allow_remote_control && !t.enabled())
    return "allow_remote_control needs [cluster] tls: remote control is "
           "allowed only over authenticated links";
  return std::nullopt;
}

} // namespace

std::optional<std::string> check_cluster(const cluster_settings& c) {
  if (auto why = cluster_problem(c)) // values may come from flags
    return config_detail::cap_quoted_values(*why);
  return std::nullopt;
}

} // namespace hummel

namespace hummel::config_detail {

namespace {

void read_tls(const toml_entry& e, const std::filesystem::path& dir,
              error_sink& sink, tls_settings& out) {
  const auto* table = e.node->as_table();
  if (!table) {
    wrong_type(sink, e, "a table");
    return;
  }
  for (const auto& f : in_file_order(*table)) {
    std::filesystem::path* slot = f.key == "cert"  ? &out.cert
                                  : f.key == "key" ? &out.key
                                  : f.key == "ca"  ? &out.ca
                                                   : nullptr;
    if (slot == nullptr) {
      unknown_key(sink, f, "in [cluster] tls", keys::tls_table);
      continue;
    }
    if (auto s = expect_string(sink, f)) {
      std::filesystem::path p = *s;
      *slot = p.is_absolute() ? p : dir / p;
      std::error_code err;
      if (!std::filesystem::is_regular_file(*slot, err))
        sink.add(f.line, "tls " + std::string{f.key}
                           + " file not found: " + slot->string());
    }
  }
  if (out.cert.empty() || out.key.empty() || out.ca.empty())
    sink.add(e.line, "[cluster] tls needs cert, key and ca");
}

} // namespace

void read_cluster(const toml_entry& c, const std::filesystem::path& dir,
                  error_sink& sink, cluster_settings& out) {
  const auto* table = c.node->as_table();
  if (!table) {
    wrong_type(sink, c, "a table");
    return;
  }
  int listen_line = c.line;
  for (const auto& e : in_file_order(*table)) {
    if (e.key == "node") {
      if (auto s = expect_string(sink, e)) {
        if (is_valid_process_name(*s))
          out.node = *s;
        else
          sink.add(e.line, "invalid node name '" + *s
                             + "' (letters, digits, _ . : - ; at most 64)");
      }
    } else if (e.key == "listen") {
      if (auto s = expect_string(sink, e)) {
        listen_line = e.line;
        if (split_host_port(*s))
          out.listen = *s;
        else
          sink.add(e.line, "invalid 'listen' address '" + *s
                             + "' (expected \"host:port\")");
      }
    } else if (e.key == "peers") {
      const auto* arr = e.node->as_array();
      if (!arr) {
        wrong_type(sink, e, "an array");
        continue;
      }
      for (const auto& x : *arr) {
        auto s = x.value<std::string>();
        auto hp = s ? split_host_port(*s) : std::nullopt;
        if (!hp || hp->port == 0)
          sink.add(e.line, "invalid peer " + (s ? "'" + *s + "'" : "value")
                             + " (expected \"host:port\")");
        else
          out.peers.push_back(*s);
      }
    } else if (e.key == "tls") {
      read_tls(e, dir, sink, out.tls);
    } else if (e.key == "allow_remote_control") {
      if (auto b = expect_bool(sink, e))
        out.allow_remote_control = *b;
    } else {
      unknown_key(sink, e, "in [cluster]", keys::cluster);
    }
  }
  if (!out.listen.empty() && !out.tls.enabled()
      && !is_loopback_host(split_host_port(out.listen)->host))
    sink.add(listen_line, "cluster listen address '" + out.listen
                            + "' is not loopback: links beyond this machine "
                              "need [cluster] tls (cert, key, ca)");
  if (out.allow_remote_control && !out.tls.enabled())
    sink.add(c.line, "allow_remote_control needs [cluster] tls: remote "
                     "control is allowed only over authenticated links");
}

} // namespace hummel::config_detail

#pragma once

// A small network made of Linux network namespaces for the cluster chaos
// test: three namespaces (two nodes and a monitor), each node joined to the
// monitor's namespace by a veth pair, and a partition made by setting a
// node's end down. Delay and loss on every end come from `tc netem` when
// the kernel has it (CONFIG_NET_SCH_NETEM); otherwise loss comes from an
// nftables rule (random drop of TCP packets leaving each namespace) and
// delay from a relay in the monitor's namespace (delay_relay.py) that the
// monitor dials instead of the node: `peer()` gives the address to dial.
// Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN) and iproute2 (and nftables
// without netem); `usable()` says whether it could be built. Names carry
// the test's pid, so runs do not collide; the destructor removes
// everything (deleting a namespace deletes its veths and rules).

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace hummel::chaos {

class netns_lab {
public:
  /// Builds the namespaces `<p>a`, `<p>b` and `<p>m` with 10.77.1.0/24
  /// between a and m, 10.77.2.0/24 between b and m, each end delaying its
  /// packets by `delay` ms and losing `loss` % of them.
  netns_lab(const std::string& delay, const std::string& loss)
    : prefix_("hc" + std::to_string(::getpid() % 100000)) {
    ok_ = ::geteuid() == 0 && try_sh("command -v ip && command -v tc");
    for (const char* n : {"a", "b", "m"})
      ok_ = ok_ && sh("ip netns add " + ns(n)) && (made_.push_back(n), true)
            && sh("ip -n " + ns(n) + " link set lo up");
    ok_ = ok_ && pair("a", "10.77.1.1", "10.77.1.2")
          && pair("b", "10.77.2.1", "10.77.2.2");
    // netem if the kernel has it (a failure here is no failure of the lab).
    netem_
      = ok_
        && try_sh("tc -n " + ns("a") + " qdisc add dev " + dev_name("a0")
                  + " root netem delay " + delay + "ms loss " + loss + "%");
    if (netem_) {
      for (auto [n, dev] : {std::pair{"b", "b0"}, {"m", "ma"}, {"m", "mb"}})
        ok_ = ok_
              && sh("tc -n " + ns(n) + " qdisc add dev " + dev_name(dev)
                    + " root netem delay " + delay + "ms loss " + loss + "%");
    } else {
      for (const char* n : {"a", "b", "m"})
        ok_ = ok_ && drop(n, loss);
    }
    delay_ms_ = delay;
  }

  ~netns_lab() {
    for (const auto& n : made_)
      sh("ip netns del " + ns(n));
  }

  netns_lab(const netns_lab&) = delete;
  netns_lab& operator=(const netns_lab&) = delete;

  /// Whether the network was built (root, iproute2, namespaces allowed).
  bool usable() const {
    return ok_;
  }

  /// Whether delay and loss are tc netem's (else nftables and the relay).
  bool netem() const {
    return netem_;
  }

  /// The one-way delay in ms.
  const std::string& delay_ms() const {
    return delay_ms_;
  }

  /// The namespace of `node` ("a", "b" or "m").
  std::string ns(const std::string& node) const {
    return prefix_ + node;
  }

  /// Cuts (`up` false) or heals node `node`'s link to the monitor.
  bool set_link(const std::string& node, bool up) {
    return sh("ip -n " + ns(node) + " link set " + dev_name(node + "0")
              + (up ? " up" : " down"));
  }

  /// `argv` run inside namespace `node` (through `ip netns exec`).
  std::vector<std::string> inside(const std::string& node,
                                  std::vector<std::string> argv) const {
    std::vector<std::string> a{"/usr/sbin/ip", "netns", "exec", ns(node)};
    a.insert(a.end(), argv.begin(), argv.end());
    return a;
  }

private:
  std::string dev_name(const std::string& dev) const {
    return prefix_ + dev;
  }

  /// The veth `<node>0` (address `node_ip`) to `m<node>` (`mon_ip`).
  bool pair(const std::string& node, const std::string& node_ip,
            const std::string& mon_ip) {
    auto a = dev_name(node + "0");
    auto m = dev_name("m" + node);
    return sh("ip link add " + a + " type veth peer name " + m)
           && sh("ip link set " + a + " netns " + ns(node))
           && sh("ip link set " + m + " netns " + ns("m"))
           && sh("ip -n " + ns(node) + " addr add " + node_ip + "/24 dev " + a)
           && sh("ip -n " + ns("m") + " addr add " + mon_ip + "/24 dev " + m)
           && sh("ip -n " + ns(node) + " link set " + a + " up")
           && sh("ip -n " + ns("m") + " link set " + m + " up");
  }

  /// Drops `loss` % of the TCP packets leaving namespace `n` (not on lo).
  bool drop(const std::string& n, const std::string& loss) {
    auto nft = "ip netns exec " + ns(n) + " nft ";
    return sh(nft + "add table inet chaos")
           && sh(nft
                 + "'add chain inet chaos out { type filter hook output "
                   "priority 0; }'")
           && sh(nft + "add rule inet chaos out oifname != lo meta l4proto tcp "
                 + "numgen random mod 100 '<' " + loss + " drop");
  }

  /// Runs `cmd` quietly; whether it succeeded.
  static bool try_sh(const std::string& cmd) {
    return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0;
  }

  /// Runs `cmd`; a failure is printed with its output (the skip reason).
  static bool sh(const std::string& cmd) {
    std::string out;
    if (auto* p = ::popen(("{ " + cmd + "; } 2>&1").c_str(), "r")) {
      char buf[512];
      size_t n = 0;
      while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0)
        out.append(buf, n);
      if (::pclose(p) == 0)
        return true;
    }
    std::fprintf(stderr, "netns_lab: %s: %s", cmd.c_str(), out.c_str());
    return false;
  }

  std::string prefix_;
  std::vector<std::string> made_;
  bool ok_ = false;
  bool netem_ = false;
  std::string delay_ms_;
};

} // namespace hummel::chaos

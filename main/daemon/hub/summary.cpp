#include "main/daemon/hub/summary.hpp"

#include <chrono>
#include <ctime>

namespace hummel {

std::string project_summary(const node_entry& n) {
  size_t total = 0;
  size_t running = 0;
  uint64_t errors = 0;
  std::string urls;
  if (n.view)
    n.view->processes.for_each([&](const snapshot_ptr& x) {
      if (!x)
        return;
      ++total;
      if (is_alive(x->status))
        ++running;
      errors += x->error_count;
      if (!x->urls.empty() && urls.empty())
        urls = x->urls.front();
    });
  auto line = n.name + "  " + std::string{to_string(n.state)} + "  "
              + std::to_string(running) + "/" + std::to_string(total)
              + " running";
  if (errors > 0)
    line += "  " + std::to_string(errors) + " error(s)";
  if (!urls.empty())
    line += "  " + urls;
  if (!n.error.empty() && n.state != link_state::linked)
    line += "  (" + n.error + ")";
  return line;
}

hub_summary::hub_summary(const view_cell<cluster_view>& cell, std::FILE* out)
  : cell_(cell), out_(out) {
  thread_ = std::jthread{[this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      print_changes();
      std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
  }};
}

hub_summary::~hub_summary() = default;

void hub_summary::print_changes() {
  std::map<std::string, std::string> now;
  cell_.with([&](const cluster_view& v) {
    for (size_t i = 1; i < v.nodes.size(); ++i)
      now[v.nodes[i].name] = project_summary(v.nodes[i]);
    return 0;
  });
  auto stamp = [] {
    char buf[16];
    auto t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
    return std::string{buf};
  };
  for (const auto& [name, line] : now)
    if (auto i = shown_.find(name); i == shown_.end() || i->second != line)
      std::fprintf(out_, "%s %s\n", stamp().c_str(), line.c_str());
  for (const auto& [name, line] : shown_)
    if (now.count(name) == 0)
      std::fprintf(out_, "%s %s  gone\n", stamp().c_str(), name.c_str());
  std::fflush(out_);
  shown_ = std::move(now);
}

} // namespace hummel

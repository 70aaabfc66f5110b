// Unsolicited notifications: notifications/resources/updated for legacy
// subscriptions (standing stream) and modern listens (their exchange), rate
// limited per URI; legacy notifications/message via engine::log.

#include "mcp/detail/engine_impl.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/resources.hpp"

#include <vector>

namespace hummel::mcp {

using nlohmann::json;

bool engine::impl::subscribed(const std::string& uri) const {
  if (initialized && subscriptions.count(uri) != 0)
    return true;
  for (const auto& [id, ex] : open)
    if (ex.listen && ex.uris.count(uri) != 0)
      return true;
  return false;
}

void engine::impl::send_update(const std::string& uri) {
  if (initialized && stream && subscriptions.count(uri) != 0) {
    auto fn = stream; // the callback may replace the stream
    fn(output{output_kind::notification, 200,
              dump(make_notification("notifications/resources/updated",
                                     {{"uri", uri}})),
              false});
  }
  std::vector<exchange_id> listens;
  for (const auto& [id, ex] : open)
    if (ex.listen && ex.uris.count(uri) != 0)
      listens.push_back(id);
  for (auto id : listens) {
    auto i = open.find(id);
    if (i == open.end())
      continue;
    json params{{"uri", uri},
                {"_meta", {{meta::subscription_id, i->second.request_id}}}};
    emit(id, make_notification("notifications/resources/updated",
                               std::move(params)));
  }
}

void engine::impl::prune_rate_state() {
  for (auto i = last_sent.begin(); i != last_sent.end();) {
    if (subscribed(i->first)) {
      ++i;
    } else {
      pending.erase(i->first);
      i = last_sent.erase(i);
    }
  }
}

void engine::processes_changed(const std::vector<std::string>& names,
                               engine_clock::time_point now) {
  std::vector<std::string> uris{std::string{processes_uri}};
  auto add = [&](const std::string& uri) {
    auto ref = parse_resource_uri(uri);
    if (ref && ref->what == resource_ref::kind::process)
      uris.push_back(uri);
  };
  try {
    if (names.empty()) {
      for (const auto& uri : impl_->subscriptions)
        add(uri);
      for (const auto& [id, ex] : impl_->open)
        for (const auto& uri : ex.uris)
          add(uri);
    }
    for (const auto& name : names)
      uris.push_back(
        make_resource_uri({resource_ref::kind::process, std::string{name}}));
  } catch (...) {
    return;
  }
  resources_changed(uris, now);
}

void engine::resource_list_changed() {
  auto& s = *impl_;
  if (!s.initialized || !s.stream)
    return;
  try {
    auto fn = s.stream; // the callback may replace the stream
    fn(output{output_kind::notification, 200,
              dump(make_notification("notifications/resources/list_changed",
                                     json::object())),
              false});
  } catch (...) {
    // dropped, as in log()
  }
}

void engine::logs_changed(const std::vector<std::string>& names,
                          engine_clock::time_point now) {
  std::vector<std::string> uris;
  try {
    for (const auto& name : names)
      uris.push_back(make_resource_uri({resource_ref::kind::logs, name}));
  } catch (...) {
    return;
  }
  resources_changed(uris, now);
}

void engine::resources_changed(const std::vector<std::string>& uris,
                               engine_clock::time_point now) {
  auto& s = *impl_;
  try {
    for (const auto& uri : uris) {
      if (!s.subscribed(uri))
        continue;
      auto last = s.last_sent.find(uri);
      if (last != s.last_sent.end()
          && now - last->second < s.cfg.update_interval) {
        s.pending.insert(uri);
        continue;
      }
      s.last_sent[uri] = now;
      s.pending.erase(uri);
      s.send_update(uri);
    }
  } catch (...) {
    // a notification that cannot be built is skipped
  }
}

std::optional<engine_clock::time_point> engine::next_deadline() const {
  std::optional<engine_clock::time_point> result;
  for (const auto& uri : impl_->pending) {
    auto last = impl_->last_sent.find(uri);
    if (last == impl_->last_sent.end())
      continue;
    auto due = last->second + impl_->cfg.update_interval;
    if (!result || due < *result)
      result = due;
  }
  return result;
}

void engine::on_timer(engine_clock::time_point now) {
  auto& s = *impl_;
  try {
    std::vector<std::string> due;
    for (const auto& uri : s.pending) {
      auto last = s.last_sent.find(uri);
      if (last == s.last_sent.end()
          || last->second + s.cfg.update_interval <= now)
        due.push_back(uri);
    }
    for (const auto& uri : due) {
      s.pending.erase(uri);
      if (!s.subscribed(uri))
        continue;
      s.last_sent[uri] = now;
      s.send_update(uri);
    }
  } catch (...) {
    // as in resources_changed
  }
}

void engine::log(log_level level, std::string_view logger, const json& data) {
  auto& s = *impl_;
  if (!s.initialized || !s.stream || level < s.level)
    return;
  try {
    json params{{"level", to_string(level)}, {"data", data}};
    if (!logger.empty())
      params["logger"] = logger;
    auto fn = s.stream;
    fn(output{
      output_kind::notification, 200,
      dump(make_notification("notifications/message", std::move(params))),
      false});
  } catch (...) {
    // dropped
  }
}

} // namespace hummel::mcp

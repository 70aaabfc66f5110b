#include "errors/store.hpp"

namespace hummel::errors {

store::store(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {
  // nop
}

std::string store::key_of(const group& g) {
  std::string k = g.kind;
  k += '\0';
  k += g.message;
  k += '\0';
  k += g.file.value_or("");
  k += '\0';
  k += std::to_string(g.line.value_or(0));
  k += ':';
  k += std::to_string(g.column.value_or(0));
  return k;
}

const record& store::add(group g, uint32_t run, std::string_view stream,
                         int64_t now_ms) {
  auto key = key_of(g);
  if (auto i = by_key_.find(key); i != by_key_.end()) {
    auto it = i->second;
    it->count += 1;
    it->run = run;
    it->stream = stream;
    it->last_ms = now_ms;
    it->found = std::move(g);
    order_.splice(order_.begin(), order_, it);
    return *it;
  }
  record r;
  r.id = next_id_++;
  r.run = run;
  r.stream = stream;
  r.first_ms = now_ms;
  r.last_ms = now_ms;
  r.found = std::move(g);
  if (r.found.level == severity::error)
    ++errors_;
  order_.push_front(std::move(r));
  by_key_.emplace(std::move(key), order_.begin());
  while (order_.size() > capacity_) {
    auto& old = order_.back();
    if (old.found.level == severity::error)
      --errors_;
    by_key_.erase(key_of(old.found));
    order_.pop_back();
  }
  return order_.front();
}

std::vector<record> store::newest_first(size_t limit,
                                        std::optional<int64_t> since_ms,
                                        std::optional<severity> min) const {
  std::vector<record> out;
  for (const auto& r : order_) {
    if (out.size() >= limit)
      break;
    if (since_ms && r.last_ms < *since_ms)
      continue;
    if (min && static_cast<int>(r.found.level) > static_cast<int>(*min))
      continue;
    out.push_back(r);
  }
  return out;
}

const record* store::newest() const {
  return order_.empty() ? nullptr : &order_.front();
}

void store::clear() {
  order_.clear();
  by_key_.clear();
  errors_ = 0;
}

} // namespace hummel::errors

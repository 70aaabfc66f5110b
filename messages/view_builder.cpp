#include "messages/view_builder.hpp"

namespace hummel {

view_builder::view_builder() : names_(std::make_shared<const name_index>()) {
  // nop
}

void view_builder::fold(snapshot_ptr x) {
  auto index = x->index;
  while (processes_.size() <= index)
    processes_ = processes_.push_back(nullptr);
  const auto& old = processes_[index];
  if (!old || old->name != x->name) {
    if (!new_names_)
      new_names_ = std::make_shared<name_index>(*names_);
    if (old)
      new_names_->erase(old->name);
    (*new_names_)[x->name] = index;
  }
  processes_ = processes_.set(index, std::move(x));
}

void view_builder::remove(uint32_t index) {
  if (index >= processes_.size() || !processes_[index])
    return;
  if (!new_names_)
    new_names_ = std::make_shared<name_index>(*names_);
  auto i = new_names_->find(processes_[index]->name);
  if (i != new_names_->end() && i->second == index)
    new_names_->erase(i);
  processes_ = processes_.set(index, nullptr);
}

std::unique_ptr<status_view>
view_builder::build(uint64_t version, std::string node, int64_t built_ms) {
  if (new_names_) {
    names_ = std::move(new_names_);
    new_names_.reset();
  }
  auto view = std::make_unique<status_view>();
  view->version = version;
  view->node = std::move(node);
  view->built_ms = built_ms;
  view->processes = processes_;
  view->names = names_;
  return view;
}

void view_builder::reset(const status_view& view) {
  processes_ = view.processes;
  names_ = view.names ? view.names : std::make_shared<const name_index>();
  new_names_.reset();
}

void view_builder::clear() {
  processes_ = {};
  names_ = std::make_shared<const name_index>();
  new_names_.reset();
}

snapshot_ptr view_builder::find(std::string_view name) const {
  const auto& names = new_names_ ? *new_names_ : *names_;
  auto i = names.find(name);
  if (i == names.end() || i->second >= processes_.size())
    return nullptr;
  return processes_[i->second];
}

} // namespace hummel

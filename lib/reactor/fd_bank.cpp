#include "reactor/fd_bank.hpp"

#include <liburing.h>
#include <poll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace hummel::reactor {

namespace {

// A slot number is ring * stride + the ring's own slot.
constexpr size_t stride = size_t{1} << 16;

// user_data of a read and of a cancel; a watch's is its generation << 32
// | its slot + 1 (never 0, never all ones).
constexpr uint64_t read_data = 0;
constexpr uint64_t cancel_data = ~uint64_t{0};

// Slots below `tag.size()` have been used; the rest of `capacity` not yet
// (their bookkeeping grows as they are: a table of 20,000 that holds a
// few files costs a few bytes).
struct ring {
  io_uring uring{};
  size_t capacity = 0;
  std::vector<int> free;     // released slots
  std::vector<uint64_t> tag; // per slot: the armed watch's tag, or 0
  std::vector<uint32_t> gen; // per slot: generation of its last watch
  bool unsent = false;       // SQEs prepared and not submitted

  size_t room() const {
    return free.size() + (capacity - tag.size());
  }

  int take() {
    if (!free.empty()) {
      int local = free.back();
      free.pop_back();
      return local;
    }
    tag.push_back(0);
    gen.push_back(0);
    return static_cast<int>(tag.size() - 1);
  }
};

size_t soft_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY)
    return stride;
  return static_cast<size_t>(lim.rlim_cur);
}

uint64_t watch_data(uint32_t gen, int local) {
  return (uint64_t{gen} << 32) | static_cast<uint64_t>(local + 1);
}

io_uring_sqe* next_sqe(ring& r) {
  auto* sqe = ::io_uring_get_sqe(&r.uring);
  if (sqe == nullptr) { // the queue is full: send what is in it
    ::io_uring_submit(&r.uring);
    sqe = ::io_uring_get_sqe(&r.uring);
  }
  r.unsent = true;
  return sqe;
}

} // namespace

struct fd_bank::impl {
  size_t capacity;
  size_t max_rings;
  std::vector<std::unique_ptr<ring>> rings;
  size_t used = 0;
  bool broken = false;         // io_uring refused once: never again
  std::vector<uint64_t> fired; // tags met while waiting for a read

  size_t free_slots() const {
    size_t n = 0;
    for (auto& r : rings)
      n += r->room();
    return n;
  }

  bool add_ring() {
    if (broken || rings.size() >= max_rings)
      return false;
    auto cap = std::min(capacity > 0 ? capacity : soft_limit(), stride);
    auto r = std::make_unique<ring>();
    io_uring_params params{};
    params.flags = IORING_SETUP_CQSIZE;
    params.cq_entries = 4096;
    if (::io_uring_queue_init_params(256, &r->uring, &params) != 0) {
      broken = true;
      return false;
    }
    if (::io_uring_register_files_sparse(&r->uring, static_cast<unsigned>(cap))
        != 0) {
      ::io_uring_queue_exit(&r->uring);
      broken = true;
      return false;
    }
    r->capacity = cap;
    rings.push_back(std::move(r));
    return true;
  }

  ring* find(int slot, int& local) {
    auto index = static_cast<size_t>(slot) / stride;
    if (slot < 0 || index >= rings.size())
      return nullptr;
    local = static_cast<int>(static_cast<size_t>(slot) % stride);
    if (static_cast<size_t>(local) >= rings[index]->tag.size())
      return nullptr;
    return rings[index].get();
  }

  /// Takes one completion that is not a read's: a watch that fired (its
  /// tag to `out`) or one cancelled or outdated (nothing).
  static void watch_done(ring& r, const io_uring_cqe& cqe,
                         std::vector<uint64_t>& out) {
    if (cqe.user_data == cancel_data || cqe.res == -ECANCELED)
      return;
    auto local = static_cast<size_t>(cqe.user_data & 0xffffffffu) - 1;
    auto gen = static_cast<uint32_t>(cqe.user_data >> 32);
    if (local >= r.tag.size() || r.gen[local] != gen || r.tag[local] == 0)
      return; // a watch of a slot released since
    out.push_back(r.tag[local]);
    r.tag[local] = 0;
  }
};

fd_bank::fd_bank(size_t ring_capacity, size_t max_rings)
  : impl_(std::make_unique<impl>()) {
  impl_->capacity = std::min(ring_capacity, stride);
  impl_->max_rings = max_rings;
}

fd_bank::~fd_bank() {
  for (auto& r : impl_->rings)
    ::io_uring_queue_exit(&r->uring); // drops every file still banked
}

bool fd_bank::reserve(size_t n) {
  while (impl_->free_slots() < n)
    if (!impl_->add_ring())
      return false;
  return true;
}

bool fd_bank::put(std::span<const int> fds, std::span<int> slots) {
  if (slots.size() < fds.size() || !reserve(fds.size()))
    return false;
  size_t done = 0;
  for (size_t index = 0; done < fds.size() && index < impl_->rings.size();) {
    auto& r = *impl_->rings[index];
    if (r.room() == 0) {
      ++index;
      continue;
    }
    int local = r.take();
    int fd = fds[done];
    if (::io_uring_register_files_update(&r.uring, static_cast<unsigned>(local),
                                         &fd, 1)
        != 1) {
      r.free.push_back(local);
      break;
    }
    slots[done++]
      = static_cast<int>(index * stride + static_cast<size_t>(local));
    ++impl_->used;
  }
  if (done == fds.size())
    return true;
  for (size_t i = 0; i < done; ++i)
    release(slots[i]);
  return false;
}

ssize_t fd_bank::read(int slot, void* buf, size_t len) {
  int local = 0;
  auto* r = impl_->find(slot, local);
  if (r == nullptr)
    return -EBADF;
  auto* sqe = next_sqe(*r);
  ::io_uring_prep_read(sqe, local, buf, static_cast<unsigned>(len), 0);
  sqe->flags |= IOSQE_FIXED_FILE;
  sqe->rw_flags = RWF_NOWAIT; // -EAGAIN instead of waiting for data
  sqe->user_data = read_data;
  int rc = ::io_uring_submit(&r->uring); // and the watches prepared
  r->unsent = false;
  if (rc < 0)
    return rc;
  for (;;) {
    io_uring_cqe* cqe = nullptr;
    rc = ::io_uring_wait_cqe(&r->uring, &cqe);
    if (rc == -EINTR)
      continue;
    if (rc < 0)
      return rc;
    auto done = *cqe;
    ::io_uring_cqe_seen(&r->uring, cqe);
    if (done.user_data == read_data)
      return done.res;
    impl::watch_done(*r, done, impl_->fired);
  }
}

void fd_bank::release(int slot) {
  int local = 0;
  auto* r = impl_->find(slot, local);
  if (r == nullptr)
    return;
  auto l = static_cast<size_t>(local);
  if (r->tag[l] != 0) { // watched: cancel it, so it lets go of the file
    auto* sqe = next_sqe(*r);
    ::io_uring_prep_poll_remove(sqe, watch_data(r->gen[l], local));
    sqe->user_data = cancel_data;
    ::io_uring_submit(&r->uring);
    r->unsent = false;
    r->tag[l] = 0;
  }
  ++r->gen[l]; // whatever of its old watch still comes is outdated
  int none = -1;
  if (::io_uring_register_files_update(&r->uring, static_cast<unsigned>(local),
                                       &none, 1)
      != 1)
    return; // leave the slot taken rather than hand out a busy one
  r->free.push_back(local);
  --impl_->used;
}

void fd_bank::arm(int slot, uint64_t tag) {
  int local = 0;
  auto* r = impl_->find(slot, local);
  auto l = static_cast<size_t>(local);
  if (r == nullptr || tag == 0 || r->tag[l] != 0)
    return;
  auto* sqe = next_sqe(*r);
  ::io_uring_prep_poll_add(sqe, local, POLLIN);
  sqe->flags |= IOSQE_FIXED_FILE;
  sqe->user_data = watch_data(++r->gen[l], local);
  r->tag[l] = tag;
}

void fd_bank::flush() {
  for (auto& r : impl_->rings)
    if (r->unsent) {
      ::io_uring_submit(&r->uring);
      r->unsent = false;
    }
}

void fd_bank::harvest(std::vector<uint64_t>& tags) {
  tags.insert(tags.end(), impl_->fired.begin(), impl_->fired.end());
  impl_->fired.clear();
  for (auto& r : impl_->rings) {
    io_uring_cqe* cqe = nullptr;
    while (::io_uring_peek_cqe(&r->uring, &cqe) == 0 && cqe != nullptr) {
      auto done = *cqe;
      ::io_uring_cqe_seen(&r->uring, cqe);
      impl::watch_done(*r, done, tags);
    }
  }
}

size_t fd_bank::rings() const noexcept {
  return impl_->rings.size();
}

int fd_bank::ring_fd(size_t ring) const noexcept {
  return ring < impl_->rings.size() ? impl_->rings[ring]->uring.ring_fd : -1;
}

size_t fd_bank::size() const noexcept {
  return impl_->used;
}

} // namespace hummel::reactor

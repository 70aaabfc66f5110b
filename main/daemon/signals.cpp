#include "main/daemon/signals.hpp"

#include <pthread.h>

namespace hummel {

void default_stop_signals() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  pthread_sigmask(SIG_UNBLOCK, &stop, nullptr);
}

stop_signals::stop_signals() {
  sigemptyset(&stop_);
  sigaddset(&stop_, SIGINT);
  sigaddset(&stop_, SIGTERM);
  sigset_t all = stop_;
  sigaddset(&all, SIGUSR2);
  sigaddset(&all, SIGHUP); // read by config_watch (a reload)
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

int stop_signals::wait() const {
  int sig = 0;
  while (sigwait(&stop_, &sig) != 0)
    ; // only EINVAL, which a fixed set cannot cause
  return sig;
}

int stop_signals::pending() const {
  timespec now{};
  int sig = sigtimedwait(&stop_, nullptr, &now);
  return sig > 0 ? sig : 0;
}

second_signal::second_signal(std::function<void(int)> on_signal)
  : on_signal_(std::move(on_signal)) {
  thread_ = std::thread{[this] {
    armed_.acquire();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR2);
    int sig = 0;
    if (sigwait(&set, &sig) == 0 && sig != SIGUSR2)
      on_signal_(sig);
  }};
}

second_signal::~second_signal() {
  arm();
  pthread_kill(thread_.native_handle(), SIGUSR2);
  thread_.join();
}

void second_signal::arm() {
  if (!was_armed_) {
    was_armed_ = true;
    armed_.release();
  }
}

} // namespace hummel

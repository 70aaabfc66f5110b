// The daemon's allocator (main/daemon/allocator.cpp): a Release build
// links Debian's jemalloc with the daemon's settings; sanitizer builds
// keep glibc's malloc, which the sanitizers replace.

#include "tests/support/build_kind.hpp"
#include "tests/system/daemon_fixture.hpp"

#include <cstdlib>
#include <fstream>
#include <string>

namespace bin_test {
namespace {

class allocator : public daemon_fixture {};

TEST_F(allocator, the_daemon_allocates_with_jemalloc_and_its_settings) {
  if (hummel::test::under_sanitizer)
    GTEST_SKIP() << "sanitizer builds keep glibc's malloc";
  // jemalloc prints where each setting came from when asked to.
  ::setenv("MALLOC_CONF", "confirm_conf:true", 1);
  start_daemon("[processes.web]\nargv = [\"sleep\", \"30\"]\n");
  ::unsetenv("MALLOC_CONF");
  std::ifstream maps{"/proc/" + std::to_string(pid) + "/maps"};
  std::string all{std::istreambuf_iterator<char>{maps}, {}};
  EXPECT_NE(all.find("libjemalloc"), std::string::npos) << all;
  auto out = read_text(log);
  EXPECT_NE(out.find("global variable malloc_conf): \"narenas:1,"),
            std::string::npos)
    << out;
  EXPECT_NE(out.find("Set conf value: dirty_decay_ms:1000"), std::string::npos)
    << out;
  EXPECT_NE(out.find("Set conf value: background_thread:true"),
            std::string::npos)
    << out;
}

} // namespace
} // namespace bin_test

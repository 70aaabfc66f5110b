// The daemon hands back its loader's tables once started
// (common/loader_tables.hpp): the CLI binds every symbol at start-up
// (LD_BIND_NOW, for hummel-daemon only), the daemon releases the first,
// read-only segment of every object but its header page, and its children
// inherit neither LD_BIND_NOW nor the marker.

#include "tests/system/daemon_fixture.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace bin_test {
namespace {

using namespace std::chrono_literals;

/// kB resident of `pid`'s mapping of `object` at file offset 0 (the
/// loader's tables and the headers), or -1 if it has none.
long tables_rss_kb(pid_t pid, const std::string& object) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/smaps"};
  std::string line;
  bool in_tables = false;
  while (std::getline(in, line)) {
    std::istringstream fields{line};
    std::string range, perms, offset, dev, inode, path;
    fields >> range >> perms >> offset >> dev >> inode >> path;
    if (range.empty())
      continue;
    if (range.back() == ':') { // a "Key: value" line of the mapping above
      if (in_tables && range == "Rss:")
        return std::stol(perms);
      continue;
    }
    in_tables = perms == "r--p" && std::stoul(offset, nullptr, 16) == 0
                && path.find(object) != std::string::npos;
  }
  return -1;
}

class loader_tables : public daemon_fixture {};

TEST_F(loader_tables, the_daemon_hands_them_back_and_children_bind_lazily) {
  start_daemon("[processes.env]\n"
               "argv = [\"sh\", \"-c\", \"echo "
               "${LD_BIND_NOW-unset} ${HUMMEL_ADDED_LD_BIND_NOW-unset} "
               "> env.txt.tmp && mv env.txt.tmp env.txt; sleep 30\"]\n");
  // The tables of libcaf_io are 0.96 MB, of libcaf_core 0.82 MB, of the
  // daemon 0.28 MB; all resident after start-up before this. The header
  // page stays.
  for (const char* object : {"libcaf_io", "libcaf_core", "hummel-daemon"}) {
    long kb = -1;
    bool small = wait_for(
      [&] {
        kb = tables_rss_kb(pid, object);
        return kb >= 0 && kb <= 8;
      },
      10s);
    EXPECT_TRUE(small) << object << ": " << kb << " kB of its tables resident";
  }
  auto env = box.project / "env.txt";
  ASSERT_TRUE(wait_for([&] { return fs::exists(env); }, 10s));
  EXPECT_EQ(read_text(env), "unset unset\n");
}

TEST_F(loader_tables, a_users_ld_bind_now_reaches_the_children) {
  ::setenv("LD_BIND_NOW", "1", 1);
  start_daemon("[processes.env]\n"
               "argv = [\"sh\", \"-c\", \"echo "
               "${LD_BIND_NOW-unset} ${HUMMEL_ADDED_LD_BIND_NOW-unset} "
               "> env.txt.tmp && mv env.txt.tmp env.txt; sleep 30\"]\n");
  ::unsetenv("LD_BIND_NOW");
  auto env = box.project / "env.txt";
  ASSERT_TRUE(wait_for([&] { return fs::exists(env); }, 10s));
  EXPECT_EQ(read_text(env), "1 unset\n");
}

} // namespace
} // namespace bin_test

#include "common/audit.hpp"

#include "tests/support/system_helpers.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

using hummel::audit_line;
using hummel::audit_log;
using hummel::audit_record;

TEST(audit, line_has_every_known_field_and_escapes_text) {
  audit_record r;
  r.time_ms = 1'000'123;
  r.who.transport = "http";
  r.who.uid = 1000;
  r.who.address = "127.0.0.1:5000";
  r.what = "scripts_stop";
  r.target = "we\"b\n";
  r.result = "ok";
  EXPECT_EQ(audit_line(r),
            R"({"time":"1970-01-01T00:16:40.123Z","time_ms":1000123,)"
            R"("transport":"http","uid":1000,"address":"127.0.0.1:5000",)"
            R"("what":"scripts_stop","target":"we\"b\u000a","result":"ok"})"
            "\n");
}

TEST(audit, log_appends_lines_to_a_private_file) {
  hummel::test::temp_folder tmp;
  auto path = tmp.path() / "audit.jsonl";
  {
    std::ofstream{path} << "old\n"; // made under a wider umask
    ::chmod(path.c_str(), 0644);
    audit_log log{path};
    ASSERT_EQ(log.error(), "");
    audit_record r;
    r.what = "stop";
    EXPECT_FALSE(log.append(r));
    EXPECT_FALSE(log.append(r));
  }
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ifstream in{path};
  std::string line;
  int n = 0;
  while (std::getline(in, line))
    ++n;
  EXPECT_EQ(n, 3);
}

TEST(audit, unopenable_file_is_reported) {
  audit_log log{"/nonexistent-dir/audit.jsonl"};
  EXPECT_NE(log.error().find("cannot open the audit record"),
            std::string::npos);
  EXPECT_TRUE(log.append({}));
}

// The daemon's tool table pairs every definition with a handler, in the
// order of mcp::all_tools (the list the tests' tables are built from).

#include "actors/mcp_tools/tools.hpp"
#include "mcp/tools.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace hummel {
namespace {

TEST(mcp_table, pairs_every_definition_with_a_handler_in_order) {
  auto table = mcp_tools::table();
  auto defs = mcp::all_tools();
  ASSERT_EQ(table.size(), defs.size());
  std::set<std::string> names;
  for (size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(table[i].def, defs[i]) << "entry " << i;
    EXPECT_NE(table[i].handler, nullptr) << table[i].def->name;
    EXPECT_TRUE(names.insert(table[i].def->name).second)
      << "two entries named " << table[i].def->name;
  }
}

} // namespace
} // namespace hummel

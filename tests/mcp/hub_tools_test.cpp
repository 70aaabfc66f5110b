// The local hub's tool definitions: the daemon's with `project` in place of
// `node` (required by the control tools), and projects_list.

#include "mcp/tool.hpp"
#include "mcp/tools.hpp"

#include <gtest/gtest.h>

namespace hummel::mcp {
namespace {

TEST(hub_tools, every_tool_takes_project_and_control_tools_a_node_alias) {
  for (const auto* base : all_tools()) {
    auto def = hub_tool(*base);
    const auto& props = def.input_schema.at("properties");
    ASSERT_TRUE(props.contains("project")) << def.name;
    EXPECT_EQ(props["project"]["type"], "string");
    EXPECT_FALSE(props["project"].value("description", "").empty());
    bool control = def.policy.access == tool_access::control;
    if (control || base->input_schema["properties"].contains("node")) {
      EXPECT_EQ(props["node"]["description"], "The same as `project`.")
        << def.name;
    }
    auto desc = props["project"]["description"].get<std::string>();
    EXPECT_EQ(desc.find("required") != std::string::npos, control) << desc;
    EXPECT_EQ(def.output_schema, base->output_schema) << def.name;
    EXPECT_EQ(def.input_schema.value("required", nlohmann::json::array()),
              base->input_schema.value("required", nlohmann::json::array()))
      << def.name;
  }
}

TEST(hub_tools, a_tool_answered_by_one_daemon_requires_project) {
  auto def = hub_tool(logs_search_tool, true);
  auto desc = def.input_schema["properties"]["project"]["description"]
                .get<std::string>();
  EXPECT_NE(desc.find("(required)"), std::string::npos) << desc;
  EXPECT_EQ(desc.find("\"*\""), std::string::npos) << desc;
  EXPECT_EQ(def.input_schema["properties"]["node"]["description"],
            "The same as `project`.");
}

TEST(hub_tools, projects_list_is_a_read_with_a_compact_text) {
  EXPECT_EQ(projects_list_tool.policy.access, tool_access::read_only);
  ASSERT_NE(projects_list_tool.text, nullptr);
  nlohmann::json x{{"projects",
                    {{{"project", "web"},
                      {"folder", "/src/web"},
                      {"state", "linked"},
                      {"processes", 2},
                      {"running", 1},
                      {"errors", 3}}}}};
  EXPECT_EQ(projects_list_tool.text(x),
            "web  linked  1/2 running  3 error(s)  /src/web\n");
  EXPECT_NE(projects_list_tool.text({{"projects", nlohmann::json::array()}})
              .find("hummel up"),
            std::string::npos);
}

} // namespace
} // namespace hummel::mcp

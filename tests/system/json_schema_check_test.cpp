// The test-side JSON Schema checker (tests/system/json_schema.hpp) that the
// golden and gateway tests rely on: it must reject what a client would.

#include "tests/system/json_schema.hpp"

#include <gtest/gtest.h>

namespace {

using bin_test::schema_errors;
using nlohmann::json;

const json schema = json::parse(R"({
  "type": "object",
  "properties": {
    "name": {"type": "string", "minLength": 1},
    "pid": {"type": ["integer", "null"]},
    "status": {"type": "string", "enum": ["idle", "running"]},
    "cpu": {"type": "number", "minimum": 0, "maximum": 100},
    "urls": {"type": "array", "items": {"type": "string"}}
  },
  "required": ["name", "pid"],
  "additionalProperties": false
})");

TEST(json_schema_check, accepts_a_valid_value) {
  json v{{"name", "web"},
         {"pid", nullptr},
         {"status", "idle"},
         {"cpu", 1.5},
         {"urls", {"http://x"}}};
  EXPECT_TRUE(schema_errors(schema, v).empty())
    << bin_test::joined(schema_errors(schema, v));
}

TEST(json_schema_check, rejects_each_kind_of_violation) {
  auto bad = [](json v) { return schema_errors(schema, v).size(); };
  EXPECT_EQ(bad(json::array()), 1u);                                // type
  EXPECT_EQ(bad({{"name", "web"}}), 1u);                            // required
  EXPECT_EQ(bad({{"name", ""}, {"pid", 1}}), 1u);                   // minLength
  EXPECT_EQ(bad({{"name", "w"}, {"pid", "1"}}), 1u);                // type list
  EXPECT_EQ(bad({{"name", "w"}, {"pid", 1.5}}), 1u);                // integer
  EXPECT_EQ(bad({{"name", "w"}, {"pid", 1}, {"status", "x"}}), 1u); // enum
  EXPECT_EQ(bad({{"name", "w"}, {"pid", 1}, {"cpu", -1}}), 1u);     // minimum
  EXPECT_EQ(bad({{"name", "w"}, {"pid", 1}, {"cpu", 101}}), 1u);    // maximum
  EXPECT_EQ(bad({{"name", "w"}, {"pid", 1}, {"urls", {1}}}), 1u);   // items
  EXPECT_EQ(bad({{"name", "w"}, {"pid", 1}, {"extra", 1}}), 1u); // additional
}

TEST(json_schema_check, an_unknown_keyword_is_an_error_not_ignored) {
  json s{{"type", "string"}, {"pattern", "^a"}};
  auto errors = schema_errors(s, "b");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("unsupported schema keyword 'pattern'"),
            std::string::npos);
}

} // namespace

// quick_parse builds what nlohmann::json::parse builds, or declines: for
// requests as clients send them, edge cases of numbers, strings and
// repeated keys, random documents and random damage to them.

#include "mcp/jsonrpc.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mcp_support.hpp"

#include <random>
#include <string>
#include <vector>

namespace {

using hummel::mcp::quick_parse;
using nlohmann::json;

/// quick_parse of `text` either declines or agrees with nlohmann; returns
/// whether it took the text.
bool agrees(const std::string& text) {
  json quick;
  bool took = quick_parse(text, quick);
  auto full = json::parse(text, nullptr, false);
  if (took) {
    EXPECT_FALSE(full.is_discarded()) << "took what nlohmann refuses: " << text;
    EXPECT_TRUE(mcp_test::same_tree(quick, full))
      << text << "\nquick: " << quick.dump() << "\nnlohmann: " << full.dump();
  }
  return took;
}

TEST(quick_parse, takes_the_requests_clients_send) {
  for (
    std::string text : {
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"scripts_status","arguments":{"name":"p1"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}})",
      R"({"jsonrpc":"2.0","id":"a-1","method":"ping"})",
      "{ \"jsonrpc\" : \"2.0\",\n\t\"id\" : -7 ,\r\n \"params\" : [ ] }",
      R"([{"jsonrpc":"2.0","method":"notifications/initialized"},{"id":2,"jsonrpc":"2.0","method":"tools/list","params":{}}])",
      R"({"a":[true,false,null,0,-0,123456789012345678,-123456789012345678,"",[],{}]})",
      "  42  ",
      "\"x\"",
      "null",
      "[]",
      "{}",
      "[\"\x7f\"]",
    })
    EXPECT_TRUE(agrees(text)) << "declined: " << text;
}

TEST(quick_parse, a_repeated_key_takes_the_last_value_as_nlohmann_does) {
  json out;
  ASSERT_TRUE(quick_parse(R"({"id":1,"id":{"x":2},"id":"last"})", out));
  EXPECT_EQ(out.dump(), R"({"id":"last"})");
  EXPECT_TRUE(agrees(R"({"a":{"b":1},"a":{"c":2}})"));
}

TEST(quick_parse, numbers_keep_nlohmanns_types) {
  json out;
  ASSERT_TRUE(quick_parse("[7,-7,-0,0]", out));
  EXPECT_TRUE(out[0].is_number_unsigned());
  EXPECT_TRUE(out[1].is_number_integer() && !out[1].is_number_unsigned());
  EXPECT_TRUE(out[2].is_number_integer() && !out[2].is_number_unsigned());
  EXPECT_TRUE(out[3].is_number_unsigned());
  EXPECT_TRUE(agrees("[7,-7,-0,0]"));
}

TEST(quick_parse, declines_what_it_does_not_know_and_refuses_nothing_valid) {
  // Valid, but for nlohmann: escapes, non-ASCII, fractions, exponents, 19
  // digits and more, a byte order mark.
  for (std::string text :
       {R"({"a":"x\"y"})", R"(["\u00e9"])", "[\"\xc3\xa9\"]", "[1.5]", "[1e3]",
        "[1E3]", "[-0.0]", "[1234567890123456789]", "[18446744073709551616]",
        "[-9223372036854775809]", "\xEF\xBB\xBF{}"})
    EXPECT_FALSE(agrees(text)) << "took: " << text;
  // Invalid: nlohmann says so.
  for (std::string text : {"",
                           " ",
                           "{",
                           "}",
                           "[1,]",
                           "{\"a\":1,}",
                           "{\"a\" 1}",
                           "{a:1}",
                           "[01]",
                           "[-]",
                           "[--1]",
                           "[+1]",
                           "tru",
                           "truex",
                           "nul",
                           "[1 2]",
                           "{\"a\":1}x",
                           "\"unterminated",
                           "[\"tab\there\"]",
                           "[\"\xff\"]",
                           "{\"a\":}",
                           "[,]",
                           "{,}",
                           "{\"a\"}",
                           "[1}",
                           "{\"a\":1]",
                           "'x'",
                           "[NaN]",
                           "[Infinity]"}) {
    json out;
    EXPECT_FALSE(quick_parse(text, out)) << "took: " << text;
    EXPECT_TRUE(json::parse(text, nullptr, false).is_discarded()) << text;
  }
}

TEST(quick_parse, the_nesting_limit_holds_on_both_paths) {
  using hummel::mcp::parse_request;
  using hummel::mcp::parse_status;
  auto nested = [](size_t depth, const std::string& inner) {
    return std::string(depth, '[') + inner + std::string(depth, ']');
  };
  for (std::string inner : {"1", "1.5"}) { // taken quickly, left to nlohmann
    json out;
    EXPECT_EQ(parse_request(nested(64, inner), out), parse_status::parsed);
    EXPECT_EQ(parse_request(nested(65, inner), out), parse_status::too_deep);
  }
  json out;
  EXPECT_FALSE(quick_parse(nested(65, "1"), out));
  EXPECT_EQ(parse_request("[1,", out), parse_status::invalid);
  EXPECT_TRUE(out.is_discarded());
}

TEST(quick_parse, the_engine_answers_alike_whichever_parser_reads_the_message) {
  // Each message twice: as clients write it (quick_parse reads it) and
  // with the dot of "2.0" written as a JSON unicode escape (the same text
  // once parsed; quick_parse declines escapes, so nlohmann reads it). The
  // answers, errors included, are the same bytes.
  const std::vector<std::string> messages{
    R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})",
    R"({"jsonrpc":"2.0","id":"x","method":"ping","params":{}})",
    R"({"jsonrpc":"2.0","id":2,"method":"no/such/method"})",
    R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":42}})",
    R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"nope","arguments":{}}})",
    R"([{"jsonrpc":"2.0","id":5,"method":"ping"},{"jsonrpc":"2.0","id":6,"method":"tools/list"}])",
    R"({"jsonrpc":"2.0","id":-7,"method":"ping"})",
    R"({"jsonrpc":"2.0","method":"ping","id":{"a":1}})"};
  for (const auto& text : messages) {
    auto escaped = text;
    for (auto at = escaped.find("\"2.0\""); at != std::string::npos;
         at = escaped.find("\"2.0\"", at))
      escaped.replace(at, 5, "\"2\\u002e0\"");
    json unused;
    ASSERT_TRUE(quick_parse(text, unused)) << text;
    ASSERT_FALSE(quick_parse(escaped, unused)) << escaped;
    mcp_test::harness quick;
    mcp_test::harness full;
    quick.init();
    full.init();
    auto a = quick.send(text);
    auto b = full.send(escaped);
    ASSERT_FALSE(a.outs.empty()) << text;
    ASSERT_EQ(a.outs.size(), b.outs.size()) << text;
    for (size_t i = 0; i < a.outs.size(); ++i) {
      EXPECT_EQ(a.outs[i].json, b.outs[i].json) << text;
      EXPECT_EQ(a.outs[i].http_status, b.outs[i].http_status) << text;
    }
  }
}

/// A random document of the kinds quick_parse takes and the kinds it
/// leaves to nlohmann.
json random_value(std::mt19937& rng, int depth) {
  static const std::vector<std::string> strings{"",
                                                "p1",
                                                "scripts_status",
                                                "a b",
                                                "x\"y",
                                                "back\\slash",
                                                "\xc3\xa9t\xc3\xa9",
                                                "tab\t",
                                                "\x01",
                                                "2026-07-28",
                                                "{[,:]}"};
  auto pick = rng() % (depth > 4 ? 6 : 8);
  switch (pick) {
  case 0:
    return nullptr;
  case 1:
    return rng() % 2 == 0;
  case 2:
    return static_cast<int64_t>(rng()) - static_cast<int64_t>(rng());
  case 3:
    return static_cast<uint64_t>(rng()) << (rng() % 40);
  case 4:
    return static_cast<double>(rng() % 1000) / 8.0;
  case 5:
    return strings[rng() % strings.size()];
  case 6: {
    json a = json::array();
    for (auto n = rng() % 5; n > 0; --n)
      a.push_back(random_value(rng, depth + 1));
    return a;
  }
  default: {
    json o = json::object();
    for (auto n = rng() % 5; n > 0; --n)
      o[strings[rng() % strings.size()]] = random_value(rng, depth + 1);
    return o;
  }
  }
}

TEST(quick_parse, random_documents_and_random_damage_agree_with_nlohmann) {
  std::mt19937 rng{13};
  size_t took = 0;
  size_t damaged_took = 0;
  for (int i = 0; i < 20'000; ++i) {
    // Compact, or indented by 0, 1 or 2: whitespace between the tokens.
    auto text = random_value(rng, 0).dump(static_cast<int>(rng() % 4) - 1);
    took += agrees(text) ? 1 : 0;
    // Damage: a byte changed, removed or doubled.
    if (text.empty())
      continue;
    auto at = rng() % text.size();
    switch (rng() % 3) {
    case 0:
      text[at] = "{}[],:\"\\-0a \x80"[rng() % 14];
      break;
    case 1:
      text.erase(at, 1);
      break;
    default:
      text.insert(at, 1, text[at]);
    }
    damaged_took += agrees(text) ? 1 : 0;
  }
  // Both kinds were exercised: taken and declined.
  EXPECT_GT(took, 2'000u);
  EXPECT_LT(took, 20'000u);
  EXPECT_GT(damaged_took, 100u);
}

} // namespace

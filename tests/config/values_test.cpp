// Durations, signals, project ids, suggestions and error formatting.

#include "config/detail/internal.hpp"
#include "config/load.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>

using namespace hummel;
using namespace std::chrono_literals;

namespace {

/// True if `id` is `base` followed by '-' and 8 lowercase hex digits.
bool is_id_of(const std::string& id, const std::string& base) {
  if (id.size() != base.size() + 9 || !id.starts_with(base + "-"))
    return false;
  return std::all_of(id.end() - 8, id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

} // namespace

TEST(parse_duration, accepts_units_fractions_and_compounds) {
  EXPECT_EQ(parse_duration("5s"), 5000ms);
  EXPECT_EQ(parse_duration("250ms"), 250ms);
  EXPECT_EQ(parse_duration("1.5s"), 1500ms);
  EXPECT_EQ(parse_duration("0.25s"), 250ms);
  EXPECT_EQ(parse_duration("2m"), 120'000ms);
  EXPECT_EQ(parse_duration("1h"), 3'600'000ms);
  EXPECT_EQ(parse_duration("1m30s"), 90'000ms);
  EXPECT_EQ(parse_duration("0s"), 0ms);
  EXPECT_EQ(parse_duration("0"), 0ms);
}

TEST(parse_duration, rejects_malformed_text) {
  for (const char* bad : {"", "5", "s", "5x", "-1s", " 5s", "5s ", "5 s", "1.5",
                          ".s", "5sec", "ms", "1d", "100000000h"})
    EXPECT_FALSE(parse_duration(bad).has_value()) << "'" << bad << "'";
}

TEST(parse_signal, accepts_names_with_and_without_prefix_and_numbers) {
  EXPECT_EQ(parse_signal("SIGINT"), SIGINT);
  EXPECT_EQ(parse_signal("INT"), SIGINT);
  EXPECT_EQ(parse_signal("sigterm"), SIGTERM);
  EXPECT_EQ(parse_signal("SIGKILL"), SIGKILL);
  EXPECT_EQ(parse_signal("HUP"), SIGHUP);
  EXPECT_EQ(parse_signal("SIGUSR2"), SIGUSR2);
  EXPECT_EQ(parse_signal("2"), 2);
  EXPECT_EQ(parse_signal("15"), 15);
}

TEST(parse_signal, rejects_unknown_names_and_numbers_out_of_range) {
  for (const char* bad :
       {"", "SIG", "SIGFOO", "TERMINATE", "0", "-1", "65", "1000", "SIG INT"})
    EXPECT_FALSE(parse_signal(bad).has_value()) << "'" << bad << "'";
}

TEST(make_project_id, is_basename_plus_eight_hex_digits) {
  auto dir = std::filesystem::temp_directory_path();
  std::string id = make_project_id(dir / "shop");
  EXPECT_TRUE(is_id_of(id, "shop")) << id;
}

TEST(make_project_id, is_deterministic_and_path_sensitive) {
  auto tmp = std::filesystem::temp_directory_path();
  EXPECT_EQ(make_project_id(tmp / "a"), make_project_id(tmp / "a"));
  EXPECT_EQ(make_project_id(tmp / "a"), make_project_id(tmp / "x/../a"));
  EXPECT_EQ(make_project_id(tmp / "a"), make_project_id(tmp / "a/"));
  EXPECT_NE(make_project_id(tmp / "a"), make_project_id(tmp / "b/a"));
}

TEST(make_project_id, sanitizes_the_basename) {
  auto tmp = std::filesystem::temp_directory_path();
  std::string id = make_project_id(tmp / "my project!");
  EXPECT_TRUE(is_id_of(id, "my_project_")) << id;
  EXPECT_TRUE(is_id_of(make_project_id("/"), "project"));
  EXPECT_FALSE(is_id_of("shop-1234567", "shop"));
}

TEST(did_you_mean, suggests_close_candidates_only) {
  std::vector<std::string_view> keys{"command", "cwd", "restart"};
  EXPECT_EQ(config_detail::did_you_mean("comand", keys),
            " (did you mean 'command'?)");
  EXPECT_EQ(config_detail::did_you_mean("restrat", keys),
            " (did you mean 'restart'?)");
  EXPECT_EQ(config_detail::did_you_mean("banana", keys), "");
}

TEST(process_names, allow_a_restricted_alphabet_up_to_64_chars) {
  using config_detail::is_valid_process_name;
  EXPECT_TRUE(is_valid_process_name("web"));
  EXPECT_TRUE(is_valid_process_name("build:css-v2.x_y"));
  EXPECT_TRUE(is_valid_process_name(std::string(64, 'a')));
  EXPECT_FALSE(is_valid_process_name(std::string(65, 'a')));
  EXPECT_FALSE(is_valid_process_name(""));
  EXPECT_FALSE(is_valid_process_name("my web"));
  EXPECT_FALSE(is_valid_process_name("a/b"));
}

TEST(config_error, formats_with_and_without_line) {
  EXPECT_EQ((config_error{"/p/hummel.toml", 3, "bad"}).to_string(),
            "/p/hummel.toml:3: bad");
  EXPECT_EQ((config_error{"/p/hummel.toml", 0, "bad"}).to_string(),
            "/p/hummel.toml: bad");
}

TEST(addresses, http_urls_need_http_scheme_host_and_valid_port) {
  using config_detail::is_http_url;
  EXPECT_TRUE(is_http_url("http://127.0.0.1:3000/health"));
  EXPECT_TRUE(is_http_url("http://localhost"));
  EXPECT_TRUE(is_http_url("http://[::1]:8080/x?y"));
  EXPECT_FALSE(is_http_url("https://localhost/"));
  EXPECT_FALSE(is_http_url("localhost:80"));
  EXPECT_FALSE(is_http_url("http://"));
  EXPECT_FALSE(is_http_url("http://:80/"));
  EXPECT_FALSE(is_http_url("http://host:0/"));
  EXPECT_FALSE(is_http_url("http://host:70000/"));
  EXPECT_FALSE(is_http_url("http://host:x/"));
  EXPECT_FALSE(is_http_url("http://[::1/"));
}

TEST(addresses, listen_address_is_host_port_or_off) {
  using config_detail::is_valid_listen_address;
  EXPECT_TRUE(is_valid_listen_address("off"));
  EXPECT_TRUE(is_valid_listen_address("127.0.0.1:7777"));
  EXPECT_TRUE(is_valid_listen_address("[::1]:0"));
  EXPECT_FALSE(is_valid_listen_address("7777"));
  EXPECT_FALSE(is_valid_listen_address(":7777"));
  EXPECT_FALSE(is_valid_listen_address("localhost:"));
  EXPECT_FALSE(is_valid_listen_address("localhost:99999"));
}

#include "logs/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using hummel::detect_urls;

namespace {

using urls = std::vector<std::string>;

} // namespace

TEST(detect_urls, vite_banner) {
  EXPECT_EQ(detect_urls("  \xE2\x9E\x9C  Local:   http://localhost:5173/"),
            (urls{"http://localhost:5173/"}));
  EXPECT_EQ(detect_urls("  \xE2\x9E\x9C  Network: http://192.168.1.20:5173/"),
            urls{});
}

TEST(detect_urls, colored_vite_banner) {
  auto line = "  \x1b[32m\xE2\x9E\x9C\x1b[39m  \x1b[1mLocal\x1b[22m:   "
              "\x1b[36mhttp://localhost:\x1b[1m5173\x1b[22m/\x1b[39m";
  EXPECT_EQ(detect_urls(line), (urls{"http://localhost:5173/"}));
}

TEST(detect_urls, next_and_cra_styles) {
  EXPECT_EQ(detect_urls("   - Local:        http://localhost:3000"),
            (urls{"http://localhost:3000"}));
  EXPECT_EQ(detect_urls("ready - started server on 0.0.0.0:3000, url: "
                        "http://localhost:3000"),
            (urls{"http://localhost:3000"}));
  EXPECT_EQ(detect_urls("  Local:            http://localhost:3000"),
            (urls{"http://localhost:3000"}));
  EXPECT_EQ(detect_urls("Uvicorn running on http://127.0.0.1:8000 "
                        "(Press CTRL+C to quit)"),
            (urls{"http://127.0.0.1:8000"}));
  EXPECT_EQ(detect_urls("Listening at https://0.0.0.0:8443/app?x=1#top"),
            (urls{"https://localhost:8443/app?x=1#top"}));
  EXPECT_EQ(detect_urls("IPv6: http://[::1]:8080/health"),
            (urls{"http://[::1]:8080/health"}));
}

TEST(detect_urls, a_wildcard_address_is_given_as_localhost) {
  // python3 -m http.server, with and without --bind ::.
  EXPECT_EQ(detect_urls("Serving HTTP on 0.0.0.0 port 8000 "
                        "(http://0.0.0.0:8000/) ..."),
            (urls{"http://localhost:8000/"}));
  EXPECT_EQ(detect_urls("Serving HTTP on :: port 8000 (http://[::]:8000/) ..."),
            (urls{"http://localhost:8000/"}));
  // Once only when the line also names it as localhost.
  EXPECT_EQ(detect_urls("http://0.0.0.0:3000 http://localhost:3000"),
            (urls{"http://localhost:3000"}));
  EXPECT_EQ(detect_urls("http://0.0.0.0.example.com/"), urls{});
}

TEST(detect_urls, strips_trailing_punctuation) {
  EXPECT_EQ(detect_urls("open http://localhost:8080/."),
            (urls{"http://localhost:8080/"}));
  EXPECT_EQ(detect_urls("(see http://localhost:8080/docs)"),
            (urls{"http://localhost:8080/docs"}));
  EXPECT_EQ(detect_urls("'http://localhost:1234/a', \"http://localhost/b\""),
            (urls{"http://localhost:1234/a", "http://localhost/b"}));
  EXPECT_EQ(detect_urls("at http://localhost:9000, then"),
            (urls{"http://localhost:9000"}));
  EXPECT_EQ(detect_urls("http://localhost/wiki/A_(b)"),
            (urls{"http://localhost/wiki/A_(b)"}));
}

TEST(detect_urls, dedupes_within_a_line) {
  EXPECT_EQ(detect_urls("http://localhost:3000 and http://localhost:3000 and "
                        "http://127.0.0.1:3000"),
            (urls{"http://localhost:3000", "http://127.0.0.1:3000"}));
}

TEST(detect_urls, rejects_non_local_hosts) {
  EXPECT_EQ(detect_urls("http://example.com:80/"), urls{});
  EXPECT_EQ(detect_urls("http://localhost.example.com/"), urls{});
  EXPECT_EQ(detect_urls("http://localhostx:3000/"), urls{});
  EXPECT_EQ(detect_urls("http://127.0.0.10:3000/"), urls{});
  EXPECT_EQ(detect_urls("http://10.0.0.1:3000/"), urls{});
  EXPECT_EQ(detect_urls("ftp://localhost/"), urls{});
  EXPECT_EQ(detect_urls("xhttp://localhost/"), urls{});
  EXPECT_EQ(detect_urls("no urls at all"), urls{});
  EXPECT_EQ(detect_urls(""), urls{});
}

TEST(detect_urls, port_edge_cases) {
  EXPECT_EQ(detect_urls("http://localhost: ready"), (urls{"http://localhost"}));
  EXPECT_EQ(detect_urls("http://localhost:5173abc"), urls{});
  EXPECT_EQ(detect_urls("HTTP://LOCALHOST:80/"),
            (urls{"HTTP://LOCALHOST:80/"}));
}

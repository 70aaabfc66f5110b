// Fuzz target: the HTTP request path of lib/net (http_connection.cpp).
//
// The server parses with Beast on a socket; this target runs the same
// parser (request_parser<string_body>, the server's header and body limits,
// fed in chunks the way async_read_header/async_read do) and then the same
// checks (Host, Origin, bearer token, path) on the parsed head. Properties:
// the parser never reads past its limits, and an accepted Host or Origin
// names loopback with at most a numeric port.

#include "net/http_checks.hpp"

#include "fuzz/common.hpp"
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

using namespace hummel;
namespace bhttp = boost::beast::http;

namespace {

std::string lower(std::string_view s) {
  std::string out{s};
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// The rest after a loopback name: "" or ":<digits>".
bool port_suffix(std::string_view rest) {
  if (rest.empty())
    return true;
  return rest.size() >= 2 && rest.size() <= 6 && rest[0] == ':'
         && std::all_of(rest.begin() + 1, rest.end(),
                        [](char c) { return c >= '0' && c <= '9'; });
}

bool loopback_authority(std::string_view a) {
  auto l = lower(a);
  for (std::string_view name : {"localhost", "127.0.0.1", "[::1]"})
    if (std::string_view{l}.starts_with(name))
      return port_suffix(std::string_view{l}.substr(name.size()));
  return false;
}

void check_head(const bhttp::request<bhttp::string_body>& req,
                const net::http_options& o) {
  auto host = req.find(bhttp::field::host);
  if (host != req.end()) {
    std::string_view v{host->value().data(), host->value().size()};
    if (net::host_allowed(v, 7777, o))
      fuzz::require(loopback_authority(v), "accepted Host is loopback");
  }
  auto origin = req.find(bhttp::field::origin);
  if (origin != req.end()) {
    std::string_view v{origin->value().data(), origin->value().size()};
    if (net::origin_allowed(v, o)) {
      auto l = lower(v);
      std::string_view rest{l};
      if (rest.ends_with("/"))
        rest.remove_suffix(1);
      bool http = rest.starts_with("http://");
      fuzz::require(http || rest.starts_with("https://"),
                    "accepted Origin is http(s)");
      rest.remove_prefix(http ? 7 : 8);
      fuzz::require(loopback_authority(rest), "accepted Origin is loopback");
    }
  }
  auto auth = req.find(bhttp::field::authorization);
  std::string value;
  if (auth != req.end())
    value.assign(auth->value().data(), auth->value().size());
  if (net::bearer_ok(auth == req.end() ? nullptr : &value, o.bearer_token))
    fuzz::require(auth != req.end(), "a token check needs a header");
  auto target = req.target();
  (void)net::path_matches({target.data(), target.size()}, o.path);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = fuzz::as_view(data, size);
  size_t chunk = fuzz::take_byte(in) % 64u + 1;
  net::http_options o;
  o.bearer_token = "s3cret-token";
  o.max_header = 2048; // small limits: the fuzzer reaches them
  o.max_body = 4096;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<uint32_t>(o.max_header));
  parser.body_limit(o.max_body);
  boost::beast::flat_buffer buffer;
  boost::beast::error_code ec;
  bool head_checked = false;
  while (!parser.is_done()) {
    if (buffer.size() == 0 || ec == bhttp::error::need_more) {
      if (in.empty())
        break;
      auto n = std::min(chunk, in.size());
      auto b = buffer.prepare(n);
      std::memcpy(b.data(), in.data(), n);
      buffer.commit(n);
      in.remove_prefix(n);
    }
    ec = {};
    auto used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec && ec != bhttp::error::need_more)
      break;
    if (used == 0 && !ec)
      ec = bhttp::error::need_more;
    if (parser.is_header_done() && !head_checked) {
      head_checked = true;
      check_head(parser.get(), o);
    }
  }
  if (parser.is_done()) {
    fuzz::require(parser.get().body().size() <= o.max_body,
                  "body within the limit");
    (void)net::size_text(parser.get().body().size());
  }
  return 0;
}

// Fuzz target: the dotenv parser (config/load.hpp `parse_dotenv`).
//
// Checks what the loader relies on: every pair has a valid variable name
// ([A-Za-z_.][A-Za-z0-9_.]*), every error names the file and a line inside
// the text, and parsing is deterministic.

#include "config/load.hpp"

#include "fuzz/common.hpp"

#include <algorithm>

using namespace hummel;

namespace {

bool valid_name(const std::string& k) {
  if (k.empty() || (k[0] >= '0' && k[0] <= '9'))
    return false;
  return std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text = fuzz::as_view(data, size);
  std::vector<config_error> errors;
  auto pairs = parse_dotenv(text, ".env", errors);
  auto lines = 1 + std::count(text.begin(), text.end(), '\n');
  for (const auto& [key, value] : pairs)
    fuzz::require(valid_name(key), "every key is a valid variable name");
  for (const auto& e : errors) {
    fuzz::require(e.file == ".env", "errors name the file");
    fuzz::require(e.line >= 1 && e.line <= lines, "error line in the text");
  }
  std::vector<config_error> again_errors;
  auto again = parse_dotenv(text, ".env", again_errors);
  fuzz::require(again == pairs && again_errors.size() == errors.size(),
                "parsing is deterministic");
  return 0;
}

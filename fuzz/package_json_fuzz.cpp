// Fuzz target: package.json scripts (config_detail::read_scripts, the
// function `load_project` calls on the file's text).
//
// Checks: no exception escapes (a malformed file is an error value), every
// script becomes one process named after it with command
// "<manager> run <name>", and errors name the file with a line inside it.

#include "config/detail/internal.hpp"

#include "fuzz/common.hpp"

#include <algorithm>

using namespace hummel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text = fuzz::as_view(data, size);
  std::vector<process_def> out;
  std::vector<config_error> errors;
  config_detail::read_scripts(text, "/p/package.json", "/p", "npm", out,
                              errors);
  auto lines = 1 + std::count(text.begin(), text.end(), '\n');
  for (const auto& e : errors) {
    fuzz::require(e.file == "/p/package.json", "errors name the file");
    fuzz::require(e.line >= 0 && e.line <= lines, "error line in the text");
  }
  for (const auto& p : out) {
    fuzz::require(!p.name.empty() && p.name.size() <= 64,
                  "every script has an addressable name");
    fuzz::require(p.command == "npm run " + p.name,
                  "a script runs as <manager> run <name>");
  }
  return 0;
}

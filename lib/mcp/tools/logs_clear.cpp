// logs_clear {name, errors_only?} → {cleared: [{name, lines, bytes,
// error_records}]}: empties a process's logs (memory and files) and its
// error records, or only the records; "*" clears every process.

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"

#include <cstdio>
#include <string>

namespace hummel::mcp {

namespace {

nlohmann::json input_schema() {
  nlohmann::json props;
  props["name"] = shapes::name_property(
    "the process or package.json script whose logs to clear; \"*\" for "
    "every process");
  props["errors_only"]
    = {{"type", "boolean"},
       {"description", "clear only the error records, keep the log lines "
                       "(default false: both)"}};
  return {{"type", "object"},
          {"properties", std::move(props)},
          {"required", {"name"}},
          {"additionalProperties", false}};
}

nlohmann::json output_schema() {
  auto count = [](const char* description) {
    return nlohmann::json{
      {"type", "integer"}, {"minimum", 0}, {"description", description}};
  };
  nlohmann::json item{
    {"type", "object"},
    {"properties",
     {{"name", {{"type", "string"}}},
      {"lines", count("log lines that were in memory")},
      {"bytes", count("bytes that were in the log files")},
      {"error_records", count("error records, warnings included")}}},
    {"required", {"name", "lines", "bytes", "error_records"}}};
  return {{"type", "object"},
          {"properties",
           {{"cleared", {{"type", "array"}, {"items", std::move(item)}}}}},
          {"required", {"cleared"}}};
}

/// One line per process: "web: 12 lines in memory, 3.2 KiB on disk, 1
/// error record cleared" (without the lines and bytes for errors_only).
std::string cleared_text(const nlohmann::json& x) {
  std::string out;
  for (const auto& item : x.value("cleared", nlohmann::json::array())) {
    auto lines = item.value("lines", uint64_t{0});
    auto bytes = item.value("bytes", uint64_t{0});
    auto records = item.value("error_records", uint64_t{0});
    out += item.value("name", std::string{"?"}) + ": ";
    if (lines > 0 || bytes > 0) {
      char buf[96];
      std::snprintf(buf, sizeof(buf),
                    "%llu lines in memory, %.1f KiB on disk, ",
                    static_cast<unsigned long long>(lines),
                    static_cast<double>(bytes) / 1024);
      out += buf;
    }
    out += std::to_string(records)
           + (records == 1 ? " error record" : " error records") + " cleared\n";
  }
  return out.empty() ? "no processes\n" : out;
}

} // namespace

const tool_def logs_clear_tool{
  .name = "logs_clear",
  .title = "Clear a process's logs and errors",
  .description
  = "Empty a process's logs (the lines in memory and its log files) and "
    "forget its error records, so that what follows starts clean; with "
    "errors_only, forget only the error records. The process keeps running. "
    "Returns what was removed.",
  .input_schema = input_schema(),
  .output_schema = output_schema(),
  .policy = shapes::control_policy(),
  .destructive = true,
  .idempotent = true,
  .text = &cleared_text,
};

} // namespace hummel::mcp

// `hummel clear NAME... [--errors]` / `hummel clear --all`: empties the
// processes' logs and error records (MCP tool logs_clear) and says what
// was removed.

#include "main/cli/commands.hpp"
#include "main/cli/format.hpp"

#include <cstdio>
#include <string>

namespace hummel::cli {

using nlohmann::json;

int run_clear(const context& ctx, const std::vector<std::string>& names,
              bool errors_only) {
  session s;
  if (auto rc = connect(ctx, s))
    return *rc;
  json all = json::array();
  std::string out;
  for (const auto& name :
       names.empty() ? std::vector<std::string>{"*"} : names) {
    json args{{"name", name}};
    if (errors_only)
      args["errors_only"] = true;
    auto r = s.call("logs_clear", std::move(args));
    if (r.exit != exit_ok)
      return report(r);
    for (auto& item : r.structured.value("cleared", json::array())) {
      auto records = item.value("error_records", uint64_t{0});
      out += item.value("name", std::string{}) + ": ";
      if (!errors_only)
        out += std::to_string(item.value("lines", uint64_t{0}))
               + " lines in memory, "
               + format_bytes(item.value("bytes", uint64_t{0})) + " on disk, ";
      out += std::to_string(records)
             + (records == 1 ? " error record" : " error records")
             + " cleared\n";
      all.push_back(std::move(item));
    }
  }
  if (ctx.json)
    print_json({{"cleared", std::move(all)}});
  else
    std::fputs(out.empty() ? "no processes\n" : out.c_str(), stdout);
  return exit_ok;
}

} // namespace hummel::cli

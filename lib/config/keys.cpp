// known_config_keys: the parser's key lists (config/detail/keys.hpp) as
// dotted keys, for the user guide's reference table and its test.

#include "config/detail/keys.hpp"

#include "config/load.hpp"

#include <span>

namespace hummel {

namespace {

/// A key of a table whose own keys are fixed (`ready`, `tls`).
struct nested_table {
  std::string_view key;
  std::span<const std::string_view> keys;
};

/// Appends `<prefix>.<key>` for every key of a table, expanding `nested`
/// into `<prefix>.<key>.<subkey>`.
void add_table(std::vector<std::string>& out, const std::string& prefix,
               std::span<const std::string_view> table_keys,
               nested_table nested = {}) {
  for (auto key : table_keys) {
    std::string dotted = prefix + "." + std::string{key};
    if (key != nested.key) {
      out.push_back(std::move(dotted));
      continue;
    }
    for (auto sub : nested.keys)
      out.push_back(dotted + "." + std::string{sub});
  }
}

} // namespace

std::vector<std::string> known_config_keys() {
  namespace keys = config_detail::keys;
  std::vector<std::string> out;
  for (auto table : keys::top) {
    std::string name{table};
    if (table == "daemon")
      add_table(out, name, keys::daemon);
    else if (table == "mcp")
      add_table(out, name, keys::mcp);
    else if (table == "errors")
      add_table(out, name, keys::errors);
    else if (table == "cluster")
      add_table(out, name, keys::cluster, {"tls", keys::tls_table});
    else if (table == "processes")
      add_table(out, name + ".<name>", keys::process,
                {"ready", keys::ready_table});
    else
      out.push_back(name); // a top-level table this function does not know
  }
  return out;
}

} // namespace hummel

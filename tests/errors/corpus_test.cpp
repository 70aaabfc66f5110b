// The built-in matchers scored on tests/errors/corpus (real outputs of real
// tools with hand-checked groups; see its README): a group counts only if
// its first line, last line and kind match. Prints the table per folder.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "errors/detector.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <variant>

namespace hummel::errors {
namespace {

namespace fs = std::filesystem;

fs::path corpus_dir() {
  if (const char* env = std::getenv("HUMMEL_ERRORS_CORPUS"))
    return env;
  return fs::path{HUMMEL_SOURCE_DIR} / "tests/errors/corpus";
}

std::string slurp(const fs::path& p) {
  std::ifstream in{p, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<group> detect(const std::string& text,
                          std::shared_ptr<const rule_set> rules) {
  detector d{std::move(rules)};
  std::vector<group> out;
  uint64_t seq = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    auto end = nl == std::string::npos ? text.size() : nl;
    d.feed(std::string_view{text}.substr(pos, end - pos), ++seq, 0, out);
    pos = end + 1;
  }
  d.finish(out);
  return out;
}

struct tally {
  size_t fixtures = 0;
  size_t expected = 0;
  size_t found = 0;
  size_t matched = 0;
  size_t fields_right = 0;
  double recall() const {
    return expected ? double(matched) / expected : 1;
  }
  double precision() const {
    return found ? double(matched) / found : 1;
  }
};

using key = std::tuple<uint64_t, uint64_t, std::string>;

bool same_fields(const group& g, const nlohmann::json& e) {
  auto opt_eq = [](const auto& have, const nlohmann::json& want) {
    if (want.is_null())
      return !have.has_value();
    return have.has_value() && nlohmann::json(*have) == want;
  };
  return g.message == e.value("message", "")
         && to_string(g.level) == e.value("severity", "error")
         && opt_eq(g.file, e["file"]) && opt_eq(g.line, e["line"])
         && opt_eq(g.column, e["column"]);
}

TEST(corpus, whole_groups_are_found_with_precision_and_recall_of_97_percent) {
  auto dir = corpus_dir();
  if (!fs::exists(dir))
    GTEST_SKIP() << "no corpus at " << dir;
  auto rules
    = std::get<std::shared_ptr<const rule_set>>(rule_set::with_builtin());
  std::map<std::string, tally> by_folder;
  tally all;
  std::vector<std::string> misses;
  size_t ok_records = 0;
  for (const auto& folder : fs::directory_iterator{dir}) {
    if (!folder.is_directory())
      continue;
    for (const auto& f : fs::directory_iterator{folder.path()}) {
      if (f.path().extension() != ".json")
        continue;
      auto spec = nlohmann::json::parse(slurp(f.path()));
      auto log = f.path();
      log.replace_extension(".log");
      auto found = detect(slurp(log), rules);
      auto name
        = folder.path().filename().string() + "/" + f.path().stem().string();
      bool ok_fixture = f.path().stem().string().rfind("ok-", 0) == 0;
      if (ok_fixture)
        ok_records += found.size();
      std::map<key, const nlohmann::json*> want;
      for (const auto& e : spec["groups"])
        want[{e["first"].get<uint64_t>(), e["last"].get<uint64_t>(),
              e["kind"].get<std::string>()}]
          = &e;
      auto& t = by_folder[folder.path().filename().string()];
      t.fixtures++;
      t.expected += want.size();
      t.found += found.size();
      std::set<key> hit;
      for (const auto& g : found) {
        key k{g.first_seq, g.last_seq, g.kind};
        auto i = want.find(k);
        if (i != want.end() && hit.insert(k).second) {
          t.matched++;
          if (same_fields(g, *i->second))
            t.fields_right++;
          else
            misses.push_back(name + ": fields of " + std::to_string(g.first_seq)
                             + "-" + std::to_string(g.last_seq) + " " + g.kind
                             + " '" + g.message + "'");
        } else {
          misses.push_back(name + ": extra " + std::to_string(g.first_seq) + "-"
                           + std::to_string(g.last_seq) + " " + g.kind + " '"
                           + g.message + "'");
        }
      }
      for (const auto& [k, e] : want)
        if (!hit.count(k))
          misses.push_back(name + ": missed " + std::to_string(std::get<0>(k))
                           + "-" + std::to_string(std::get<1>(k)) + " "
                           + std::get<2>(k));
    }
  }
  std::printf("%-12s %8s %8s %6s %6s %9s %7s\n", "folder", "fixtures",
              "expected", "found", "recall", "precision", "fields");
  for (const auto& [folder, t] : by_folder) {
    std::printf("%-12s %8zu %8zu %6zu %6.3f %9.3f %7.3f\n", folder.c_str(),
                t.fixtures, t.expected, t.found, t.recall(), t.precision(),
                t.matched ? double(t.fields_right) / t.matched : 1.0);
    all.fixtures += t.fixtures;
    all.expected += t.expected;
    all.found += t.found;
    all.matched += t.matched;
    all.fields_right += t.fields_right;
  }
  std::printf("%-12s %8zu %8zu %6zu %6.3f %9.3f %7.3f\n", "all", all.fixtures,
              all.expected, all.found, all.recall(), all.precision(),
              all.matched ? double(all.fields_right) / all.matched : 1.0);
  for (const auto& m : misses)
    std::printf("  %s\n", m.c_str());
  EXPECT_EQ(ok_records, 0u) << "records from the non-error (ok-*) fixtures";
  EXPECT_GE(all.recall(), 0.97);
  EXPECT_GE(all.precision(), 0.97);
  for (const auto& [folder, t] : by_folder) {
    EXPECT_GE(t.recall(), 0.97) << folder;
    EXPECT_GE(t.precision(), 0.97) << folder;
  }
}

} // namespace
} // namespace hummel::errors

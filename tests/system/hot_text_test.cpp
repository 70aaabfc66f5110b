// The daemon's hot text (cmake/HotText.cmake): the functions of
// cmake/hot_text/sections.txt sit together in `.text.hummel_hot`, before
// the rest of the code, in the hummel-daemon this build made. Read from
// the binary's own section and symbol tables (<elf.h>).

#include <gtest/gtest.h>

#include <elf.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

struct section {
  uint64_t addr = 0;
  uint64_t size = 0;
};

/// The sections and function symbols of a 64-bit ELF file.
struct elf_file {
  std::unordered_map<std::string, section> sections;
  std::unordered_map<std::string, uint64_t> functions;
  std::string error;
};

template <class T>
const T* at(const std::string& bytes, uint64_t offset) {
  if (offset + sizeof(T) > bytes.size())
    return nullptr;
  return reinterpret_cast<const T*>(bytes.data() + offset);
}

const char* name_at(const std::string& bytes, const Elf64_Shdr& table,
                    uint32_t index) {
  if (index >= table.sh_size || table.sh_offset + table.sh_size > bytes.size())
    return "";
  return bytes.data() + table.sh_offset + index;
}

elf_file read_elf(const std::string& path) {
  elf_file out;
  std::ifstream in{path, std::ios::binary};
  std::string bytes{std::istreambuf_iterator<char>{in}, {}};
  auto* eh = at<Elf64_Ehdr>(bytes, 0);
  if (eh == nullptr || std::memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0
      || eh->e_ident[EI_CLASS] != ELFCLASS64) {
    out.error = path + " is not a 64-bit ELF file";
    return out;
  }
  std::vector<const Elf64_Shdr*> shdrs;
  for (unsigned i = 0; i < eh->e_shnum; ++i)
    if (auto* sh = at<Elf64_Shdr>(bytes, eh->e_shoff + i * sizeof(Elf64_Shdr)))
      shdrs.push_back(sh);
  if (eh->e_shstrndx >= shdrs.size()) {
    out.error = path + ": no section names";
    return out;
  }
  const Elf64_Shdr* symtab = nullptr;
  for (auto* sh : shdrs) {
    out.sections[name_at(bytes, *shdrs[eh->e_shstrndx], sh->sh_name)]
      = {sh->sh_addr, sh->sh_size};
    if (sh->sh_type == SHT_SYMTAB)
      symtab = sh;
  }
  if (symtab == nullptr || symtab->sh_link >= shdrs.size())
    return out; // stripped: sections only
  for (uint64_t off = symtab->sh_offset;
       off + sizeof(Elf64_Sym) <= symtab->sh_offset + symtab->sh_size;
       off += sizeof(Elf64_Sym)) {
    auto* sym = at<Elf64_Sym>(bytes, off);
    if (sym != nullptr && ELF64_ST_TYPE(sym->st_info) == STT_FUNC
        && sym->st_value != 0)
      out.functions[name_at(bytes, *shdrs[symtab->sh_link], sym->st_name)]
        = sym->st_value;
  }
  return out;
}

/// The function names of cmake/hot_text/sections.txt (".text.NAME").
std::vector<std::string> listed_functions() {
  std::ifstream in{std::string{HUMMEL_SOURCE_DIR}
                   + "/cmake/hot_text/sections.txt"};
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);)
    if (line.rfind(".text.", 0) == 0)
      names.push_back(line.substr(6));
  return names;
}

TEST(hot_text, the_listed_functions_sit_together_before_the_rest_of_the_code) {
#ifndef HUMMEL_HOT_TEXT
  GTEST_SKIP() << "built without the hot text (a sanitizer or fuzz build, "
                  "or HUMMEL_HOT_TEXT=OFF)";
#endif
  auto elf = read_elf(std::string{HUMMEL_BINARY_DIR} + "/hummel-daemon");
  ASSERT_TRUE(elf.error.empty()) << elf.error;
  ASSERT_TRUE(elf.sections.count(".text.hummel_hot"));
  ASSERT_TRUE(elf.sections.count(".text"));
  auto hot = elf.sections[".text.hummel_hot"];
  EXPECT_GT(hot.size, 100'000u);
  EXPECT_LT(hot.addr + hot.size, elf.sections[".text"].addr + 1);
  if (elf.functions.empty())
    GTEST_SKIP() << "the daemon is stripped: no symbols to place";
  auto names = listed_functions();
  ASSERT_GT(names.size(), 1000u);
  size_t present = 0;
  std::vector<std::string> elsewhere;
  for (const auto& name : names) {
    auto i = elf.functions.find(name);
    if (i == elf.functions.end())
      continue; // inlined everywhere, or gone since the list was made
    ++present;
    if (i->second < hot.addr || i->second >= hot.addr + hot.size)
      elsewhere.push_back(name);
  }
  EXPECT_TRUE(elsewhere.empty())
    << elsewhere.size() << " listed functions outside the hot text, e.g. "
    << elsewhere.front();
  // A list most of whose functions are gone saves little: time to make it
  // anew (cmake/hot_text/gen.sh).
  EXPECT_GT(present * 10, names.size() * 8)
    << present << " of " << names.size()
    << " listed functions are in the daemon: regenerate the list with "
       "cmake/hot_text/gen.sh";
}

} // namespace

#include "common/loader_tables.hpp"

#include <elf.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#ifndef MADV_PAGEOUT
#  define MADV_PAGEOUT 21
#endif

namespace hummel {

namespace {

/// True if the object's dynamic section asks for text relocations: the
/// loader may have written its read-only segments, which then hold
/// private copies that madvise must not drop.
bool has_text_relocations(const dl_phdr_info& info) {
  for (int i = 0; i < info.dlpi_phnum; ++i) {
    const auto& ph = info.dlpi_phdr[i];
    if (ph.p_type != PT_DYNAMIC)
      continue;
    const auto* dyn
      = reinterpret_cast<const ElfW(Dyn)*>(info.dlpi_addr + ph.p_vaddr);
    for (; dyn->d_tag != DT_NULL; ++dyn)
      if (dyn->d_tag == DT_TEXTREL
          || (dyn->d_tag == DT_FLAGS && (dyn->d_un.d_val & DF_TEXTREL) != 0))
        return true;
  }
  return false;
}

int release_one(dl_phdr_info* info, size_t, void* data) {
  auto* out = static_cast<loader_tables_released*>(data);
  static const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const ElfW(Phdr)* first = nullptr;
  for (int i = 0; i < info->dlpi_phnum && first == nullptr; ++i)
    if (info->dlpi_phdr[i].p_type == PT_LOAD)
      first = &info->dlpi_phdr[i];
  // Only a first segment that starts the file and is read-only: with
  // -z separate-code (the default of Debian's binutils) it holds the
  // headers and the loader's tables, nothing else.
  if (first == nullptr || first->p_offset != 0
      || (first->p_flags & (PF_W | PF_X)) != 0 || has_text_relocations(*info))
    return 0;
  auto start = (info->dlpi_addr + first->p_vaddr) & ~(page - 1);
  auto begin = start + page; // the headers stay
  auto end = (info->dlpi_addr + first->p_vaddr + first->p_filesz) & ~(page - 1);
  if (end <= begin)
    return 0;
  auto* p = reinterpret_cast<void*>(begin);
  (void)::madvise(p, end - begin, MADV_PAGEOUT); // EINVAL before Linux 5.4
  if (::madvise(p, end - begin, MADV_DONTNEED) == 0) {
    ++out->objects;
    out->bytes += end - begin;
  }
  return 0;
}

} // namespace

loader_tables_released release_loader_tables() {
  loader_tables_released out;
  ::dl_iterate_phdr(release_one, &out);
  return out;
}

void forget_added_bind_now() {
  if (std::getenv(bind_now_marker) == nullptr)
    return;
  ::unsetenv("LD_BIND_NOW");
  ::unsetenv(bind_now_marker);
}

} // namespace hummel

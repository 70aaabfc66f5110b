#pragma once

// The dynamic loader's tables, handed back once the daemon has started.
//
// Every shared object begins with a read-only segment that only the
// dynamic loader reads: the symbol tables, their hash tables and strings,
// the relocation entries. Relocating the daemon and its libraries reads
// all of it, and the pages stay mapped: 3.1 MB of the daemon's RSS, 0.96
// MB for libcaf_io alone (its symbol names are 0.6 MB of strings). With
// every symbol bound at start-up (LD_BIND_NOW, set by the CLI for
// hummel-daemon), nothing reads those pages again but dlopen, dlsym and
// dladdr.
//
// release_loader_tables() hands them back: MADV_PAGEOUT first (a page
// only this process maps leaves memory, as under memory pressure; a page
// other processes map too is left alone by the kernel), then
// MADV_DONTNEED, which takes every remaining one out of this process's
// page table (the page cache keeps it for the others). Such a page is
// never written (the loader writes only the RELRO and data segments), so
// either call only drops a clean copy of the file; if it is read again,
// it comes back from the page cache or the disk. The first page of each
// object stays: it holds the ELF and program headers that
// dl_iterate_phdr and the unwinder read. An object with text
// relocations, or whose first segment is writable or executable, is
// skipped.
//
// Thread safety: call from any thread; the loader's list of objects is
// walked under its lock (dl_iterate_phdr). Other threads may run:
// nothing but the loader reads these pages.

#include <cstddef>

namespace hummel {

/// What release_loader_tables() handed back.
struct loader_tables_released {
  /// Shared objects (the executable included) whose tables were released.
  size_t objects = 0;
  /// Bytes in the ranges given to madvise.
  size_t bytes = 0;
};

/// Hands back the pages of every loaded object's loader tables (above).
/// Best effort: a kernel without MADV_PAGEOUT (before 5.4) still gets
/// MADV_DONTNEED.
loader_tables_released release_loader_tables();

/// The environment variable the CLI sets beside LD_BIND_NOW when it added
/// LD_BIND_NOW itself, so that the daemon removes both from its own
/// environment before anything reads it (its children inherit neither).
inline constexpr const char* bind_now_marker = "HUMMEL_ADDED_LD_BIND_NOW";

/// In the daemon, first thing in main: if the CLI added LD_BIND_NOW (the
/// marker is set), removes LD_BIND_NOW and the marker from the
/// environment. Not thread-safe (unsetenv): call before any thread that
/// reads the environment starts (only jemalloc's background thread may run
/// by then, and it read its settings before main).
void forget_added_bind_now();

} // namespace hummel

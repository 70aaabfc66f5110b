// The daemon's allocator settings: linked only into a Release or Debug
// hummel-daemon together with Debian's jemalloc (main/CMakeLists.txt);
// sanitizer builds keep glibc's malloc, which the sanitizers replace.
//
// Why jemalloc: with glibc's malloc the daemon kept about 10 % more RSS
// after a load had gone (100 hostile log followers: 1.08-1.13x after 60
// to 300 s), pages pinned by small long-lived blocks among the freed ones;
// jemalloc keeps small blocks in slabs by size and returns whole extents
// (1.02x, docs/BENCHMARKS.md "Hostile followers", round four).
//
// - narenas:1: one arena for the daemon's dozen threads (as two glibc
//   arenas before: one per CPU would hold more memory for nothing).
// - tcache_max:1024, tcache_nslots_small_max:16: each thread caches only
//   small blocks, a few of each size (the full cache cost 1.5 MB at start;
//   none at all cost 20 % more CPU on the read path).
// - dirty_decay_ms:1000, muzzy_decay_ms:0: freed pages go back to the
//   system within about a second; the servers' trim (net::trim_heap)
//   purges at once after connections close.
// - background_thread:true: one jemalloc thread returns the pages, not
//   the thread that happens to allocate (jemalloc's TUNING.md: better tail
//   latency, and pages go back while the daemon is idle too).

extern "C" {
// jemalloc reads this symbol of the executable at its first allocation.
const char* malloc_conf = "narenas:1,tcache_max:1024,"
                          "tcache_nslots_small_max:16,"
                          "dirty_decay_ms:1000,muzzy_decay_ms:0,"
                          "background_thread:true";
}

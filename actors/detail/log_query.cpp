#include "actors/detail/log_query.hpp"

#include "logs/log_format.hpp"

#include <algorithm>

namespace hummel::detail {

namespace {

/// Whether `x` is of the stream `q` asks for (0: both). A gap marker (lines
/// missing from the log file) is always wanted.
template <class Line>
bool wanted(const log_query& q, const Line& x) {
  return q.stream == 0 || static_cast<uint8_t>(x.stream) == q.stream
         || log_format::is_gap_marker(x.stream, x.text);
}

} // namespace

log_page query_logs(const log_ring& ring, const log_query& q) {
  log_page page;
  page.first_seq = ring.first_seq();
  page.last_seq = ring.last_seq();
  ring.for_each_newest_first([&](const log_line_view& x) {
    if (x.seq <= q.after_seq || page.lines.size() >= q.limit)
      return false;
    if (wanted(q, x))
      page.lines.push_back(x.to_line());
    return true;
  });
  std::reverse(page.lines.begin(), page.lines.end());
  if (q.tail || page.lines.size() < q.limit)
    return page; // every wanted line after the cursor
  // Oldest-first paging: the first `limit` wanted lines after the cursor,
  // skipping lines of the other stream however many come first.
  page.lines.clear();
  auto cursor = q.after_seq;
  while (page.lines.size() < q.limit) {
    auto chunk = ring.after(cursor, q.limit);
    if (chunk.empty())
      break;
    cursor = chunk.back().seq;
    for (auto& x : chunk)
      if (page.lines.size() < q.limit && wanted(q, x))
        page.lines.push_back(std::move(x));
  }
  return page;
}

} // namespace hummel::detail

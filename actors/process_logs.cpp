#include "actors/process_logs.hpp"

#include "actors/detail/clock.hpp"
#include "common/log.hpp"
#include "common/scratch.hpp"

#include <caf/event_based_actor.hpp>

#include <algorithm>

namespace hummel::process_logs {

namespace {

/// The errors of the lines reloaded into the ring, found again as they
/// were when the lines came (the quiet gaps between them included): the
/// errors of the runs before a daemon restart are listed with their lines,
/// except those `clear` forgot (its note in the log).
void find_errors_again(process_state& st, const std::vector<log_line>& lines) {
  auto& errors = st.error_detection();
  for (const auto& line : lines) {
    if (line.stream == log_stream::event && line.text == errors_cleared_note)
      errors.clear();
    if (line.stream != log_stream::out && line.stream != log_stream::err)
      continue;
    errors.tick(line.time_ms);
    errors.feed(static_cast<uint8_t>(line.stream), line.text, line.seq,
                line.run_id, line.time_ms);
  }
  errors.finish();
  errors.to_snapshot(st.snap);
}

} // namespace

void open(process_state& st) {
  const auto& def = *st.def;
  st.ring = std::make_unique<log_ring>(def.log_max_lines, def.log_max_bytes);
  if (st.ctx->log_dir.empty())
    return;
  auto path = st.ctx->log_dir / (def.name + ".log");
  auto keep = st.ctx->log_file_count;
  // Logs survive a daemon restart: reload the newest lines, continue the
  // sequence numbers and run ids.
  auto lines = log_file::read_tail(path, def.log_max_lines, keep);
  if (!lines.empty())
    find_errors_again(st, lines);
  for (auto& line : lines) {
    st.next_seq = line.seq + 1;
    st.snap.run_id = std::max(st.snap.run_id, line.run_id);
    st.ring->push(std::move(line));
  }
  st.next_seq = std::max(st.next_seq, log_file::last_seq(path, keep) + 1);
  st.snap.last_seq = st.next_seq - 1;
  auto file
    = std::make_unique<log_file>(path, st.ctx->log_file_max_bytes, keep);
  file->set_write_fn(st.ctx->log_write);
  st.file = std::make_unique<log_writer>(std::move(file));
}

namespace {

/// Closes the log file of a process that is quiet now, and gives back the
/// memory its lines passed through (a quiet process costs no buffers).
void close_quiet(process_state& st) {
  st.file->file().close();
  std::vector<log_line>{}.swap(st.batch);
}

void schedule_retry(self_ptr self) {
  self->delayed_send(self, self->state.file->retry_delay(), atom::retry_v);
}

} // namespace

bool write_batch(self_ptr self) {
  auto& st = self->state;
  bool changed = false;
  if (st.file && !st.batch.empty())
    st.wrote_since_sample = true;
  if (st.file && st.file->append(st.batch) == log_writer::outcome::failed) {
    // One warning per episode; the lines go on into the ring.
    const auto& w = *st.file;
    HUMMEL_LOG_WARN(daemon,
                    "log file {} of '{}' failed: {} (errno {}); its lines "
                    "stay in memory only until writing works again",
                    w.file().path().string(), st.def->name, w.reason(),
                    w.error_number());
    st.snap.log_degraded = w.reason();
    changed = true;
    schedule_retry(self);
  }
  for (auto& line : st.batch)
    st.ring->push(std::move(line));
  // The lines now live in the ring; a burst's large batch is not kept.
  release_if_oversized(st.batch);
  st.snap.last_seq = st.next_seq - 1;
  return changed;
}

bool note(self_ptr self, std::string text) {
  auto& st = self->state;
  st.batch.clear();
  auto& line = st.batch.emplace_back();
  line.seq = st.next_seq++;
  line.time_ms = detail::wall_ms(self);
  line.stream = log_stream::event;
  line.run_id = st.snap.run_id;
  line.text = std::move(text);
  // A record of hummel's own (a start, a restart) leaves the file as it
  // found it: a process that never prints holds no descriptor for its log.
  bool was_open = st.file && st.file->file().is_open();
  auto changed = write_batch(self);
  if (st.file && !was_open)
    close_quiet(st);
  return changed;
}

void close_if_quiet(process_state& st) {
  if (st.file && !st.wrote_since_sample)
    close_quiet(st);
  st.wrote_since_sample = false;
}

bool retry(self_ptr self) {
  auto& st = self->state;
  if (!st.file || !st.file->degraded())
    return false;
  auto gap = st.file->gap();
  auto marker
    = st.file->marker(st.next_seq, detail::wall_ms(self), st.snap.run_id);
  if (!st.file->retry(marker)) {
    schedule_retry(self);
    return false;
  }
  HUMMEL_LOG_INFO(daemon,
                  "log file {} of '{}' is written again; {} lines (seq "
                  "{}-{}) are only in memory",
                  st.file->file().path().string(), st.def->name, gap.lost,
                  gap.first_seq, gap.last_seq);
  ++st.next_seq;
  st.ring->push(std::move(marker));
  st.snap.last_seq = st.next_seq - 1;
  st.snap.log_degraded.clear();
  return true;
}

cleared clear(process_state& st, bool errors_only) {
  cleared out;
  if (!errors_only) {
    if (st.file) {
      auto bytes = st.file->clear();
      if (!bytes) {
        out.error = st.file->file().last_error();
        return out; // nothing forgotten that is still on disk
      }
      out.bytes = *bytes;
    }
    if (st.ring) {
      out.lines = st.ring->size();
      st.ring->clear();
    }
  }
  if (st.errors) {
    out.records = st.errors->records();
    st.errors->clear();
    st.errors->to_snapshot(st.snap);
  }
  return out;
}

} // namespace hummel::process_logs

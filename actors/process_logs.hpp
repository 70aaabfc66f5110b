#pragma once

// The log path of a PROCESS actor (internal to actors/process*.cpp): the
// memory ring and the checked, self-healing log file (logs/log_writer.hpp).
// A failed write warns once, marks the snapshot (`log_degraded`) and
// retries on a timer (`atom::retry`); the retry that succeeds writes a gap
// marker record, which also goes into the ring, and clears the mark.

#include "actors/process.hpp"
#include "actors/process_state.hpp"

#include <string>
#include <string_view>

namespace hummel::process_logs {

using self_ptr = process_actor::stateful_pointer<process_state>;

/// Creates the ring, reloads the newest lines of the log file and prepares
/// the writer (nothing on disk when the context has no log folder).
void open(process_state& st);

/// Writes `st.batch` to the file and moves it into the ring. Returns true
/// when the snapshot changed (the file just failed): the caller publishes.
bool write_batch(self_ptr self);

/// Adds a record of hummel's own (a run ended, a restart and why) to the
/// file and the ring. Returns true when the snapshot changed.
bool note(self_ptr self, std::string text);

/// What clear() removed, or why it could not.
struct cleared {
  uint64_t lines = 0;   ///< lines that were in the memory ring
  uint64_t bytes = 0;   ///< bytes that were in the log files
  uint64_t records = 0; ///< error records (warnings included)
  std::string error;    ///< non-empty: the log file could not be emptied
};

/// The record `clear` with `errors_only` leaves in the log: the errors of
/// the lines before it are not found again when a daemon started later
/// reads the log back (`open`).
inline constexpr std::string_view errors_cleared_note = "error records cleared";

/// Forgets the error records and, unless `errors_only`, empties the ring
/// and the log files. The caller publishes (the error count changed).
cleared clear(process_state& st, bool errors_only);

/// A usage sample (every few seconds while a run lives) or the end of a
/// run: closes the log file if nothing was written to it since the last
/// sample; the next line opens it again. Quiet processes then hold no
/// descriptor for their logs.
void close_if_quiet(process_state& st);

/// The retry timer fired: tries to write the gap marker. Returns true when
/// the snapshot changed (writing resumed).
bool retry(self_ptr self);

} // namespace hummel::process_logs

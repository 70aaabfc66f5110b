#pragma once

// The log path of a PROCESS actor (internal to actors/process*.cpp): the
// memory ring and the checked, self-healing log file (logs/log_writer.hpp).
// A failed write warns once, marks the snapshot (`log_degraded`) and
// retries on a timer (`atom::retry`); the retry that succeeds writes a gap
// marker record, which also goes into the ring, and clears the mark.

#include "actors/process.hpp"
#include "actors/process_state.hpp"

#include <string>

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

/// The retry timer fired: tries to write the gap marker. Returns true when
/// the snapshot changed (writing resumed).
bool retry(self_ptr self);

} // namespace hummel::process_logs

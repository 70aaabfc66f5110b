#pragma once

#include <string>
#include <string_view>
#include <vector>

/// Text helpers for process output, which is bytes, not text.
///
/// Thread safety: all functions are pure and may be called from any thread.
namespace hummel {

/// Returns whether `bytes` is well-formed UTF-8 (no overlongs, no
/// surrogates, nothing above U+10FFFF, no truncated sequences).
bool is_valid_utf8(std::string_view bytes) noexcept;

/// Returns `bytes` with every ill-formed UTF-8 subsequence replaced by
/// U+FFFD (one per maximal subpart, as the Unicode standard recommends).
/// All other bytes, control characters included, pass through unchanged.
std::string sanitize_utf8(std::string_view bytes);

/// Returns `bytes` without terminal escape sequences: CSI (ESC [ ... final
/// byte), OSC/DCS/APC/PM/SOS strings (terminated by BEL or ESC \, or by the
/// end of input) and short ESC sequences (ESC, intermediates, final byte).
std::string strip_ansi(std::string_view bytes);

/// Whether `line` has an ESC byte (an ANSI sequence strip_ansi would take
/// out): 16 bytes per compare, 8 on a short line. On the 40–60-byte lines
/// of a dev server, libc's memchr (an ifunc call set up for long buffers)
/// cost about a tenth of error detection's time per line.
bool has_escape(std::string_view line);

/// Returns the http:// and https:// URLs in `line` (after strip_ansi) whose
/// host is localhost, 127.0.0.1, [::1] or a wildcard address (0.0.0.0, [::];
/// given as localhost), with optional port and path, in order of
/// appearance and without duplicates. Trailing
/// punctuation (. , ; : ! ? ' " and unbalanced ) ]) is not part of a URL.
std::vector<std::string> detect_urls(std::string_view line);

} // namespace hummel

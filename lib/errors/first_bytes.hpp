#pragma once

#include <bitset>
#include <string_view>

/// The bytes a match of a regexp anchored at the start (`^…`) can begin
/// with, read from the pattern's text: a first-byte gate that is exact for
/// alternatives (`^(?:/|\./|node:)…` lets '/', '.' and 'n' through, where
/// RE2's PossibleMatchRange gives the whole range '.'…'n').
///
/// Conservative: whatever the reader does not understand (case-insensitive
/// flags, Unicode classes, back-references) gives every byte, so the gate
/// never refuses a line RE2 would match. A multi-byte UTF-8 character
/// contributes its first byte.
namespace hummel::errors {

/// The possible first bytes of a match of `pattern`, which must start with
/// `^`; all 256 when the pattern is not understood, not anchored, or can
/// match the empty string.
std::bitset<256> first_bytes(std::string_view pattern);

} // namespace hummel::errors

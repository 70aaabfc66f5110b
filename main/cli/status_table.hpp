#pragma once

// `hummel ps`'s table in two passes over the same rows: `measure` every
// row, then `write` every row, so that neither rows nor cells are kept.
// With 10,000 processes the rows (400 bytes each) and the cells (100,000
// strings) were 7 MB that a fresh CLI process touched for the first time,
// and on a VM every fresh page is a trap (~2-4 µs here): the larger part of
// `hummel ps`'s time. The caller reads the response line twice instead
// (status_rows.hpp: for_each_status_row).
//
// Thread safety: none; one table per thread.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace hummel::cli {

struct status_row;

/// The colour a status is shown in (an escape sequence).
std::string status_color(std::string_view status);

class status_table {
public:
  explicit status_table(bool color);

  /// Pass one: the widths, and which optional columns (NODE, ERRORS,
  /// REASON, LOG FILE) any row needs.
  void measure(const status_row& p);

  /// After pass one: the header line, with room reserved for every row.
  std::string begin() const;

  /// Pass two: appends the row's line to `out`.
  void write(const status_row& p, std::string& out) const;

  /// Rows measured.
  size_t rows() const noexcept {
    return rows_;
  }

private:
  /// The cells of NAME ... URL, NODE, ERRORS, REASON, LOG FILE.
  static constexpr size_t n_cols = 14;
  using cells = std::array<std::string, n_cols>;

  void fill(const status_row& p, cells& out) const;
  void line(const cells& c, std::string_view color, std::string& out) const;
  bool shown(size_t col) const;

  bool color_;
  size_t rows_ = 0;
  bool nodes_ = false;
  bool errors_ = false;
  bool reasons_ = false;
  bool degraded_ = false;
  std::array<size_t, n_cols> width_{};
  /// Reused between rows.
  mutable cells cells_;
};

} // namespace hummel::cli

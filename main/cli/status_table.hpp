#pragma once

// `hummel ps`'s table: each row is formatted once, as it is read, and its
// cells are kept back to back in one buffer (with their lengths); the
// table is written from them once every row is in and the widths are
// known. With 10,000 processes the rows (400 bytes each) and the cells
// (100,000 strings) were once 7 MB that a fresh CLI process touched for the
// first time, and on a VM every fresh page is a trap (~2-4 µs here); then
// the line was read twice (measure, then write) and every cell formatted
// twice. The kept cells are about the size of the table (770 KB for
// 10,000), mapped at once (common/prefault.hpp).
//
// Thread safety: none; one table per thread.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hummel::cli {

struct status_row;

/// The colour a status is shown in (an escape sequence).
std::string status_color(std::string_view status);

class status_table {
public:
  explicit status_table(bool color);

  /// Room for the cells of the rows of a response line of `line_bytes`
  /// (a hint: the cells are about as long as the line's values).
  void expect(size_t line_bytes);

  /// Formats the row, keeps its cells and widens the columns to fit; notes
  /// which optional columns (NODE, ERRORS, REASON, LOG FILE) it needs.
  void add(const status_row& p);

  /// The table: the header line, then every row added, in order.
  std::string text() const;

  /// Rows added.
  size_t rows() const noexcept {
    return colors_.size();
  }

private:
  /// The cells of NAME ... URL, NODE, ERRORS, REASON, LOG FILE.
  static constexpr size_t n_cols = 14;
  using cells = std::array<std::string, n_cols>;
  using cell_views = std::array<std::string_view, n_cols>;

  void fill(const status_row& p, cells& out) const;
  void line(const cell_views& c, std::string_view color,
            std::string& out) const;
  bool shown(size_t col) const;

  bool color_;
  bool nodes_ = false;
  bool errors_ = false;
  bool reasons_ = false;
  bool degraded_ = false;
  std::array<size_t, n_cols> width_{};
  /// Reused between rows.
  cells cells_;
  /// Every cell of every row, back to back.
  std::string kept_;
  /// n_cols lengths per row, into `kept_`.
  std::vector<uint32_t> lengths_;
  /// Per row added: its status colour (status_color).
  std::vector<uint8_t> colors_;
};

} // namespace hummel::cli

// @brief Reading CSV (RFC 4180 as real files write it), for HSDS CSV data packages.
//
// Fields are separated by commas; a field in double quotes may hold commas, CR/LF and
// doubled quotes (""). Records end at LF or CRLF (a lone CR, as old Mac files write,
// also ends one). A UTF-8 byte-order mark at the start is dropped. Blank lines are
// skipped. Lenient where real exports are sloppy, and says so: a quote inside an unquoted
// field is kept as text; text after a closing quote is appended to the field; an
// unterminated quote runs to the end of the file and is reported.
// Pure: no I/O. Thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kindred {

struct CsvTable {
  std::vector<std::string> header;                 // names, trimmed (clean_text)
  std::vector<std::vector<std::string>> rows;      // records after the header
  std::vector<size_t> lines;                       // for each row, the line it starts on (1-based)
  std::vector<std::string> problems;               // "line 7: unterminated quote", ...

  // The column's index, or -1 when the header has no such name.
  int column(std::string_view name) const;
};

// Every record of `text`, the first being the header.
CsvTable read_csv(std::string_view text);

// One row as name -> value (columns missing at the end of a short row are "").
std::map<std::string, std::string> csv_row(const CsvTable& table, size_t row);

}  // namespace kindred

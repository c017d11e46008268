// @brief CSV reading (see csv_read.h).
#include "core/interop/csv_read.h"

#include "core/base/text.h"

namespace kindred {

int CsvTable::column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

CsvTable read_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<size_t> starts;
  std::vector<std::string> problems;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, was_quoted = false, any = false;
  size_t line = 1, record_line = 1;
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    // A blank line is no record (but a line of empty fields "," is).
    if (!(record.size() == 1 && record[0].empty() && !any)) {
      records.push_back(std::move(record));
      starts.push_back(record_line);
    }
    record.clear();
    any = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = any = true;
    } else if (c == ',') {
      end_field();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      record_line = ++line;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) problems.push_back("line " + std::to_string(record_line) + ": unterminated quote (read to the end of the file)");
  if (any || !field.empty() || !record.empty()) end_record();
  CsvTable t;
  t.problems = std::move(problems);
  if (records.empty()) return t;
  for (auto& name : records[0]) t.header.push_back(clean_text(name, 200));
  for (size_t r = 1; r < records.size(); ++r) {
    t.rows.push_back(std::move(records[r]));
    t.lines.push_back(starts[r]);
  }
  return t;
}

std::map<std::string, std::string> csv_row(const CsvTable& table, size_t row) {
  std::map<std::string, std::string> out;
  const auto& r = table.rows[row];
  for (size_t i = 0; i < table.header.size(); ++i) out[table.header[i]] = i < r.size() ? r[i] : "";
  return out;
}

}  // namespace kindred

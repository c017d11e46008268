// @brief The listing contract: the JSON Schema plus the checks a schema cannot express.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/listing/schema_check.h"

namespace kindred {

// The latest calendar date anywhere on Earth (UTC+14) at `now`, as YYYY-MM-DD. A date
// is "in the future" only if it is after this: a maintainer in Kiribati verifying a
// listing in the morning must not be refused because it is still yesterday in UTC.
std::string latest_date_on_earth(std::chrono::system_clock::time_point now);

// True for a real calendar date written YYYY-MM-DD ("2024-02-30" is false).
bool is_calendar_date(const std::string& text);

// True if `name` is a time zone in the system's IANA database ("Europe/London").
bool is_iana_zone(const std::string& name);

class ListingValidator {
 public:
  // The schema and gazetteer must outlive the validator. `today` is the date used for
  // "not in the future" (default: latest_date_on_earth(now)); tests pass a fixed one.
  ListingValidator(const SchemaChecker& schema, const Gazetteer& gazetteer,
                   std::string today = latest_date_on_earth(std::chrono::system_clock::now()));

  // Every problem with one listing, paths prefixed by `path` ("listings[3]"). Schema
  // problems and semantic problems together; empty means the listing is valid.
  // Thread-safe (const).
  std::vector<Problem> validate(const rapidjson::Value& listing, const std::string& path) const;

 private:
  void check_semantics(const rapidjson::Value& v, const std::string& path,
                       std::vector<Problem>& out) const;
  void check_location(const rapidjson::Value& loc, const std::string& path,
                      std::vector<Problem>& out) const;
  // Translation keys are primary language tags other than the listing's own text language.
  void check_translations(const rapidjson::Value& listing, const rapidjson::Value& translations,
                          const std::string& path, std::vector<Problem>& out) const;
  void check_schedule(const rapidjson::Value& schedule, const std::string& path,
                      std::vector<Problem>& out) const;
  // Courses and terms (issue 17): days or dates, real dates, until not before from.
  void check_course_meeting(const rapidjson::Value& meeting, const std::string& where,
                            std::vector<Problem>& out) const;
  void check_registration(const rapidjson::Value& registration, const std::string& path,
                          std::vector<Problem>& out) const;
  void check_date(const rapidjson::Value& v, const char* field, const std::string& path,
                  std::vector<Problem>& out, bool may_be_future = false) const;

  const SchemaChecker& schema_;
  const Gazetteer& gazetteer_;
  std::string today_;
};

}  // namespace kindred

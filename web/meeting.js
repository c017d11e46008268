// @brief A meeting of a listing's schedule in words, in its own zone and the page's
// language: "Every Tuesday, 6:30 PM–8:00 PM, Pacific Time (Los Angeles)". Loaded only
// with a listing (detail.js) and by the staff pages (moderate.js): a search's cards show
// the next meeting only (format.js).
// Its words are the views' (views.<lang>.json): views.js fetches them before a listing is
// drawn, the staff pages with their vocabulary (moderate.js).
import { fmtDate } from "./format.js";
import { t, locale } from "./i18n.js";

// "18:30" as the page's locale writes a time of day (6:30 PM / 18 h 30).
function fmtClock(hhmm) {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm || "");
  if (!m) return hhmm || "";
  return new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: "UTC" })
    .format(Date.UTC(2020, 0, 1, +m[1], +m[2]));
}

// "Pacific Time (Los Angeles)" for America/Los_Angeles.
function zoneName(tz) {
  const city = tz.split("/").pop().replace(/_/g, " ");
  try {
    const part = new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: "longGeneric" })
      .formatToParts(new Date()).find((p) => p.type === "timeZoneName");
    if (part && !/^GMT/.test(part.value)) return part.value + " (" + city + ")";
  } catch (e) { /* not a zone this browser knows */ }
  return tz;
}

const DAYS = ["mo", "tu", "we", "th", "fr", "sa", "su"];

// One meeting in its own zone: "Every Tuesday, 6:30 PM–8:00 PM, Pacific Time (Los Angeles)".
// Day names and lists as the locale writes them (1 January 2024 was a Monday).
export function fmtMeeting(m) {
  const day = (d) => DAYS.includes(d) ? new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(Date.UTC(2024, 0, 1 + DAYS.indexOf(d))) : d;
  const days = new Intl.ListFormat(locale).format((m.days || []).map(day));
  let when;
  if (m.frequency === "monthly") when = t("monthly", { nth: t("nth." + (m.week_of_month || 1)), days });
  else if (m.frequency === "biweekly") when = t("biweekly", { days }) + (m.anchor_date ? " " + t("from", { date: fmtDate(m.anchor_date) }) : "");
  else when = t("weekly", { days });
  const time = fmtClock(m.start) + (m.end ? "–" + fmtClock(m.end) : "");
  return when + ", " + time + ", " + zoneName(m.timezone) + (m.note ? ". " + m.note : "");
}


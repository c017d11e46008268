// @brief Courses, terms and dated events (issue 17) on the page: "2 sessions: Tue 12 Jan and
// Tue 19 Jan, 6–8 pm", "Registration closes 5 Jan", "This course has ended". Loaded with
// import() only when a result or a listing has sessions, a term end or a registration, so
// a search without courses never fetches it. Dates and times are in the session's own
// zone (where it happens), in the page's language through Intl.

// Its words are the views' (views.<lang>.json, "course.*"): fetched here, as a course card
// may be drawn before any view has opened. Dates in the page's locale (i18n.js).
import { t, tn, views, locale as pageLocale } from "./i18n.js";
await views();

const locale = () => pageLocale;

function fmt(date, zone, options) {
  try {
    return new Intl.DateTimeFormat(locale(), { ...options, timeZone: zone }).format(date);
  } catch (e) {
    return new Intl.DateTimeFormat(locale(), options).format(date);  // an unknown zone
  }
}

// "Tue 12 Jan" of an RFC 3339 instant, as the day is where the session happens.
const dayText = (start, zone) => fmt(new Date(start), zone, { weekday: "short", day: "numeric", month: "short" });
// A calendar day (YYYY-MM-DD) with no time: shown as that day, whatever the reader's zone.
const dateText = (day) => fmt(new Date(day + "T12:00:00Z"), "UTC", { day: "numeric", month: "short" });

function timeRange(s) {
  const a = new Date(s.start), b = new Date(s.end || s.start), options = { hour: "numeric", minute: "numeric", timeZone: s.timezone };
  try {
    return new Intl.DateTimeFormat(locale(), options).formatRange(a, b);
  } catch (e) {
    return fmt(a, s.timezone, { hour: "numeric", minute: "numeric" });
  }
}

// "2 sessions: Tue 12 Jan and Tue 19 Jan, 6–8 pm" (the first session's times).
export function sessionsText(sessions) {
  if (!sessions || !sessions.length) return null;
  const days = sessions.map((s) => dayText(s.start, s.timezone));
  const list = Intl.ListFormat ? new Intl.ListFormat(locale(), { type: "conjunction" }).format(days) : days.join(", ");
  return tn("course.sessions", sessions.length, { list, time: timeRange(sessions[0]) });
}

// "Registration closes 5 Jan" (or "closed" once the day is past), or null.
export function registrationText(r, now = new Date()) {
  if (!r || !r.deadline) return null;
  const past = new Date(r.deadline + "T23:59:59Z") < new Date(now);
  return t(past ? "course.closed" : "course.closes", { date: dateText(r.deadline) });
}

// The rows of a course card or listing: x has sessions?, until?, registration?, ended?.
// row(label, ...content) is format.js's factList row.
export function courseRows(row, x, el) {
  if (x.ended) row(t("when"), el("strong", { class: "stale" }, t("course.ended")));
  else row(t("when"), sessionsText(x.sessions) || (x.until ? t("course.until", { date: dateText(x.until) }) : null));
  const r = x.registration;
  if (r) {
    const parts = [registrationText(r), r.url && el("a", { href: r.url, rel: "noopener" }, t("course.register")), r.note].filter(Boolean);
    row(t("course.signUp"), ...parts.flatMap((p, i) => (i ? [" · ", p] : [p])));
  }
}

// One schedule entry of a listing as a line: a course's sessions, or a series' term.
export function meetingLine(m, fmtMeeting) {
  if (!m.dates) {
    const line = fmtMeeting(m);
    const bounds = [m.from && t("course.from", { date: dateText(m.from) }), m.until && t("course.until", { date: dateText(m.until) })].filter(Boolean);
    return bounds.length ? line + " (" + bounds.join(", ") + ")" : line;
  }
  const sessions = m.dates.map((d) => ({ start: wall(d, m.start, m.timezone), end: wall(d, m.end || m.start, m.timezone), timezone: m.timezone }));
  return sessionsText(sessions) + (m.note ? ". " + m.note : "");
}

// The instant of a wall-clock day and time in `zone` (two passes settle the offset).
function wall(day, hhmm, zone) {
  const guess = Date.parse(day + "T" + hhmm + ":00Z");
  const parts = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone };
  let t = guess;
  try {
    for (let i = 0; i < 2; i++) {
      const p = new Intl.DateTimeFormat("en-US", parts).formatToParts(new Date(t)).reduce((o, x) => ((o[x.type] = x.value), o), {});
      t += guess - Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute);
    }
  } catch (e) { /* an unknown zone: the time as if UTC */ }
  return new Date(t).toISOString();
}

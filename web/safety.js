// @brief Safety, needing nothing else on the page. Quick exit (button, or Escape twice in
// a second) steps back over the entries this page pushed (history.state.depth), then
// location.replace()s a neutral site: Back skips Kindred. The crisis line is the one for
// the searched place's country ("kindred:place" from app.js), else the browser language's
// region; never an IP lookup.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const depth = () => (history.state && history.state.depth) || 0;
  const loadDepth = depth(); // entries below this one belong to other documents
  let leaving = false;
  const go = () => location.replace("https://www.wikipedia.org/");
  const leave = () => {
    if (leaving) return;
    leaving = true;
    document.title = "Wikipedia";
    document.body.hidden = true;
    const back = depth() - loadDepth;
    if (back <= 0) return go();
    addEventListener("popstate", go, { once: true });
    history.go(-back);
  };
  $("quick-exit").addEventListener("click", (e) => { e.preventDefault(); leave(); });
  let lastEscape = -1e9;
  document.addEventListener("keydown", (e) => {
    // An Escape that closed something (the place suggestions) does not count.
    if (e.key !== "Escape" || e.defaultPrevented) lastEscape = -1e9;
    else if (e.timeStamp - lastEscape < 1000) leave();
    else lastEscape = e.timeStamp;
  });

  const languageRegion = () => {
    for (const tag of navigator.languages || [navigator.language]) {
      try {
        const region = new Intl.Locale(tag).region;
        if (region) return region;
      } catch (e) { /* not a language tag */ }
    }
    return "";
  };
  const country = (code) => { try { return new Intl.DisplayNames(["en"], { type: "region" }).of(code); } catch (e) { return code; } };
  const node = (tag, text, attrs = {}) => {
    const n = document.createElement(tag);
    n.textContent = text;
    for (const k in attrs) n.setAttribute(k, attrs[k]);
    return n;
  };
  const dial = (how, n) => (/^[0-9]{3,15}$/.test(n.dial) ? node("a", n.display, { href: how + ":" + n.dial }) : node("span", n.display));
  const web = (url) => (/^https:\/\//.test(url) ? node("a", url.replace(/^https:\/\/(www\.)?|\/$/g, ""), { href: url, rel: "noopener noreferrer" }) : node("span", url));

  let data = null;
  let placeCountry = "";
  function render() {
    if (!data) return;
    const cc = placeCountry || languageRegion();
    const line = data.lines.find((l) => l.countries.includes(cc));
    $("crisis").setAttribute("data-country", line ? cc : "");
    let short, full;
    if (line) {
      short = [line.text && line.text.dial === line.call.dial ? "In crisis? Call or text " : "In crisis? Call ", dial("tel", line.call),
        node("span", " (" + line.name + ", " + line.hours + ")", { class: "wide-only" })];
      full = [node("strong", line.name), ": call ", dial("tel", line.call)];
      if (line.text) full.push(", text ", dial("sms", line.text));
      full.push(", or visit ", web(line.url), ". " + line.hours + ". In immediate danger, call " + line.emergency + ".");
    } else {
      const f = data.fallback;
      short = ["In crisis? Find a helpline: ", web(f.url)];
      full = [node("strong", f.name), " lists " + f.summary + ": ", web(f.url), ". In immediate danger, call " + f.emergency + "."];
    }
    $("crisis-line").replaceChildren(...short);
    $("help-line").replaceChildren(...full);
    $("help-others").replaceChildren(...data.lines.map((l) =>
      node("li", l.countries.map(country).join(", ") + ": " + l.name + ", " + l.call.display)));
  }
  document.addEventListener("kindred:place", (e) => {
    placeCountry = /^[A-Z]{2}$/.test(e.detail || "") ? e.detail : "";
    render();
  });
  // Until it loads (or if it fails) the bar says: local emergency number, findahelpline.com.
  fetch("/crisis-lines.json", { credentials: "omit" }).then((r) => r.json()).then((d) => { data = d; render(); }).catch(() => {});
})();

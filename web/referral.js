// @brief The referral list's memory: the ids in localStorage only while the user ticks
// "remember". The sheet itself (sheet.js) is fetched only when the list view opens.
const KEY = "kindred.referral-list";
export const remembered = () => { try { return localStorage.getItem(KEY); } catch (e) { return null; } };
export function remember(list, on) {
  try {
    if (on) localStorage.setItem(KEY, list.join(","));
    else localStorage.removeItem(KEY);
  } catch (e) { /* storage disabled: the URL still holds the list */ }
}

// @brief The stylesheet of a part loaded on demand (the views, the sheet, the place box),
// linked once. The promise settles when its rules apply (or it failed to load), so a part
// that waits for it never shows unstyled.
export function stylesheet(href) {
  const link = document.querySelector(`link[href='${href}']`) ||
    document.head.appendChild(Object.assign(document.createElement("link"), { rel: "stylesheet", href }));
  if (link.sheet) return Promise.resolve();
  return new Promise((done) => { link.addEventListener("load", done); link.addEventListener("error", done); });
}

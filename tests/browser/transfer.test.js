// @brief What the page costs to fetch: its own files compressed on a first visit, and on a
// second visit only revalidated (304, no bodies). Prints the bytes it saw.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { ON_DEMAND, launch, server, settled, stopOwnServer } = require('./support.js');

// Every response of our own files (not the API) during `load`, with the bytes that came
// over the network for it (headers and body, as Chromium's DevTools protocol counts them:
// a revalidated file costs its 304 only, even where the page sees the cached 200).
async function files(page, cdp, load) {
  const origin = new URL(page.base).origin;
  const byId = new Map();
  const seen = [];
  const onResponse = (e) => {
    const url = new URL(e.response.url);
    if (url.origin === origin && !url.pathname.startsWith('/api/')) {
      byId.set(e.requestId, { path: url.pathname, status: e.response.status,
        coding: e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || '' });
    }
  };
  const onFinished = (e) => { if (byId.has(e.requestId)) seen.push({ ...byId.get(e.requestId), bytes: e.encodedDataLength }); };
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.loadingFinished', onFinished);
  await load();
  await page.waitForTimeout(300); // the last loadingFinished events
  cdp.off('Network.responseReceived', onResponse);
  cdp.off('Network.loadingFinished', onFinished);
  return seen;
}

describe('transfer', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  it('sends the page compressed once, then only revalidates it', { timeout: 30000 }, async () => {
    // A context of its own: openPage's routing of other origins would turn off the HTTP cache.
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    page.base = await server();
    const load = async () => { await page.goto(page.base + '/'); await settled(page); };
    const first = await files(page, cdp, load);
    const paths = first.map((f) => f.path).sort();
    // One catalog of words: the page's language's (an en-US browser: English).
    for (const p of ['/', '/app.js', '/style.css', '/safety.js', '/format.js', '/i18n.js', '/i18n/en.json']) assert.ok(paths.includes(p), p + ' in ' + paths);
    assert.deepEqual(paths.filter((p) => p.startsWith('/i18n/')), ['/i18n/en.json'], 'only the active catalog');
    for (const p of [...ON_DEMAND.map((f) => '/' + f), '/i18n/views.en.json']) assert.ok(!paths.includes(p), p + ': loaded only when needed, not on a first visit');
    for (const f of first) {
      assert.equal(f.status, 200, f.path);
      if (f.path !== '/favicon.svg' || f.coding) assert.match(f.coding, /^(gzip|br)$/, f.path + ' compressed');
    }
    const second = await files(page, cdp, load);
    // Each file again costs a 304's headers only (no body).
    for (const f of second) assert.ok(f.bytes < 600, `${f.path}: ${f.bytes} bytes on a second visit`);
    assert.deepEqual(second.map((f) => f.path).sort(), paths, 'the same files, revalidated');
    const sum = (list) => list.reduce((n, f) => n + f.bytes, 0);
    console.log(`first visit: ${first.length} files, ${sum(first)} bytes (${first[0].coding}); ` +
      `second visit: ${second.length} files, ${sum(second)} bytes`);
    await context.close();
  });
});

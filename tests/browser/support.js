// @brief Shared set-up for the browser tests: the fixture index and a kindred-serve over
// it with a store (and tokens made by kindred-admin), Debian's chromium through playwright-core, pages that record every request, axe-core,
// and screenshots kept as artifacts.
//
// run.js starts one server for the whole suite and passes its URL in KINDRED_URL (and the
// store's tokens in KINDRED_MAINTAINER_TOKEN and KINDRED_MODERATOR_TOKEN); a test file run
// on its own (node --test tests/browser/x.test.js) starts its own.
'use strict';

const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const BUILD = process.env.KINDRED_BUILD_DIR || path.join(ROOT, 'build');
const ARTIFACTS = process.env.KINDRED_ARTIFACTS || path.join(BUILD, 'browser-artifacts');
const CHROMIUM = process.env.KINDRED_CHROMIUM || '/usr/bin/chromium';
const NEUTRAL = 'https://www.wikipedia.org/';
const TIMEOUT = 10000; // any single wait; the whole suite stays well under two minutes

const PHONE = { width: 375, height: 667 };
const DESKTOP = { width: 1280, height: 800 };
// The search page's own files fetched only when needed (with import(), or linked by a part
// so loaded): never by a first visit or a first search of words with results, as the
// transfer and results tests check; the weight budget (a11y.test.js) leaves them out.
const ON_DEMAND = ['views.js', 'views.css', 'css.js', 'detail.js', 'meeting.js', 'report.js', 'sheet.js', 'sheet.css', 'qr.js',
  'empty.js', 'places.js', 'places.css', 'chips.js', 'chips.css', 'corrections.js', 'course.js'];

function need(file, hint) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: ${hint}`);
}

// Builds the index from tests/fixtures/listings plus tests/fixtures/browser (the payload
// and journey fixtures) into a fresh temporary directory. Returns {dir, index}.
function buildFixtureIndex() {
  const index = path.join(BUILD, 'indexer', 'kindred-index');
  const gazetteer = path.join(ROOT, 'var', 'gazetteer', 'gazetteer.bin');
  need(index, 'build the project first (scripts/test does)');
  need(gazetteer, 'compile the gazetteer first (scripts/test does)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-browser-'));
  const data = path.join(dir, 'listings');
  fs.mkdirSync(data);
  for (const sub of ['listings', 'browser']) {
    const from = path.join(ROOT, 'tests', 'fixtures', sub);
    for (const f of fs.readdirSync(from)) {
      if (/\.jsonl?$/.test(f)) fs.copyFileSync(path.join(from, f), path.join(data, sub + '-' + f));
    }
  }
  execFileSync(index, ['build', '--data', dir, '--out', path.join(dir, 'index'), '--gazetteer', gazetteer,
    '--schema', path.join(ROOT, 'data', 'schema', 'kindred-1.schema.json'),
    '--vocabulary', path.join(ROOT, 'data', 'vocabulary.json')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  return { dir, index: path.join(dir, 'index') };
}

// The people of the test store (the maintainer may change the Irish fixture organisation's
// listings and one stale listing; no other browser test relies on those), created with the
// real kindred-admin. Returns {maintainer, moderator}: their tokens.
const MAINTAINER_ORG = 'Fixture Irish Peers (synthetic)';
const MAINTAINER_LISTING = 'fixture-calgary-recovery-college';
function createPeople(store) {
  const admin = path.join(BUILD, 'indexer', 'kindred-admin');
  need(admin, 'build the project first (scripts/test does)');
  const token = (...args) => {
    const out = execFileSync(admin, ['--store', store, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const line = out.split('\n')[1] || '';
    if (!/^kdr_\S+$/.test(line)) throw new Error(`kindred-admin ${args[0]} printed no token: ${out}`);
    return line;
  };
  return {
    maintainer: token('add-maintainer', 'Browser Maintainer', '--org', MAINTAINER_ORG, '--listing', MAINTAINER_LISTING),
    moderator: token('add-moderator', 'Browser Moderator'),
  };
}

// Starts kindred-serve on a free port (--port 0; it prints the one it got), with a store
// (a fresh SQLite file) holding a maintainer and a moderator. Resolves to {url, stop, tokens}.
function startServer() {
  const serve = path.join(BUILD, 'server', 'kindred-serve');
  need(serve, 'build the project first (scripts/test does)');
  const { dir, index } = buildFixtureIndex();
  const store = path.join(dir, 'kindred.db');
  const tokens = createPeople(store);
  const child = spawn(serve, ['--index', index, '--port', '0', '--threads', '4', '--web', path.join(ROOT, 'web'),
    '--gazetteer', path.join(ROOT, 'var', 'gazetteer', 'gazetteer.bin'),
    '--vocabulary', path.join(ROOT, 'data', 'vocabulary.json'), '--store', store,
    '--schema', path.join(ROOT, 'data', 'schema', 'kindred-1.schema.json')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) { fs.rmSync(dir, { recursive: true, force: true }); resolve(); return; }
    child.once('exit', () => { fs.rmSync(dir, { recursive: true, force: true }); resolve(); });
    child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('kindred-serve did not start: ' + out)); }, TIMEOUT);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) { clearTimeout(timer); child.stdout.resume(); resolve({ url: m[1], stop, tokens }); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`kindred-serve exited ${code}: ${out}`)); });
  });
}

// The suite's server: run.js's, or this process's own.
let ownServer = null;
async function server() {
  if (process.env.KINDRED_URL) return process.env.KINDRED_URL.replace(/\/$/, '');
  if (!ownServer) ownServer = await startServer();
  return ownServer.url;
}
// The store's tokens: run.js's (KINDRED_MAINTAINER_TOKEN, KINDRED_MODERATOR_TOKEN), or
// this process's own server's.
async function tokens() {
  if (process.env.KINDRED_URL) {
    const t = { maintainer: process.env.KINDRED_MAINTAINER_TOKEN, moderator: process.env.KINDRED_MODERATOR_TOKEN };
    assert.ok(t.maintainer && t.moderator, 'KINDRED_URL is set without KINDRED_MAINTAINER_TOKEN and KINDRED_MODERATOR_TOKEN');
    return t;
  }
  await server();
  return ownServer.tokens;
}
async function stopOwnServer() {
  if (ownServer) await ownServer.stop();
  ownServer = null;
}

function launch() {
  need(CHROMIUM, 'install Debian\'s chromium (scripts/test does)');
  // launch() gives every browser a fresh temporary profile (user-data dir).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// A fresh context and page that record every request, page error and CSP report. Any
// request to another origin is recorded and aborted, except the quick exit's neutral site,
// which gets a stub page (and is recorded too).
async function openPage(browser, opts = {}) {
  const base = await server();
  const origin = new URL(base).origin;
  const context = await browser.newContext({
    viewport: opts.viewport || DESKTOP,
    locale: opts.locale || 'en-US',
    timezoneId: opts.timezoneId || 'America/Los_Angeles',
    geolocation: opts.geolocation,
    permissions: opts.permissions || [],
    reducedMotion: 'reduce',
    javaScriptEnabled: opts.javaScriptEnabled !== false, // false: the page as the server renders it
  });
  const record = { requests: [], foreign: [], errors: [], csp: [] };
  await context.route((url) => url.origin !== origin, (route) => {
    const url = route.request().url();
    record.foreign.push(url);
    if (url.startsWith(NEUTRAL)) return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Neutral</title><p>neutral page</p>' });
    return route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('request', (r) => record.requests.push(r.url()));
  page.on('pageerror', (e) => record.errors.push(e.message));
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) record.csp.push(m.text()); });
  page.record = record;
  page.base = base;
  // Every request went to our own origin (the neutral site only after a quick exit),
  // nothing broke and nothing was blocked by the Content-Security-Policy.
  page.assertClean = async ({ exited = false } = {}) => {
    const foreign = record.foreign.filter((u) => !(exited && u.startsWith(NEUTRAL)));
    assert.deepEqual(foreign, [], 'requests to other origins');
    for (const u of record.requests) {
      if (!(exited && u.startsWith(NEUTRAL))) assert.equal(new URL(u).origin, origin, u);
    }
    assert.deepEqual(record.errors, [], 'page errors');
    assert.deepEqual(record.csp, [], 'CSP violations');
    assert.deepEqual(await context.cookies(), [], 'cookies');
  };
  return page;
}

// Whether the server takes `lang` (issue 13, its server half): the search answer then says
// which language it used. Asked once.

// Loads a page state (a path and query on our server) and waits for its search.
async function visit(page, query = '/') {
  await page.goto(page.base + query);
  await settled(page);
}

// The current search has finished and is shown.
async function settled(page) {
  await page.waitForFunction(() => {
    const r = document.getElementById('results');
    // Any language: the status is said and is not "Searching…" (it ends with "…").
    const said = document.getElementById('status').textContent;
    return r && !r.hasAttribute('aria-busy') && said && !said.endsWith('…');
  });
}

// Waits until the status line says what a finished search should say.
async function status(page, pattern) {
  await page.waitForFunction((src) => new RegExp(src).test(document.getElementById('status').textContent)
    && !document.getElementById('results').hasAttribute('aria-busy'), pattern.source);
  return page.textContent('#status');
}

async function shot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name + '.png'), fullPage: false });
}

// axe-core over the current document: zero violations at WCAG 2.1 A/AA. Injected through
// the DevTools protocol (page.evaluate), so the page's CSP stays as it is.
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
async function axe(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  assert.deepEqual(violations, [], `axe-core violations on ${what}`);
}

// The page's state, kept in its history entry (the address stays bare: the browser's own
// history never gets the search).
const pageState = (page) => page.evaluate(() => history.state);

// The page's own text, as a reader sees it.
const text = (page, selector) => page.locator(selector).innerText();

module.exports = {
  ROOT, ARTIFACTS, NEUTRAL, PHONE, DESKTOP, ON_DEMAND, TIMEOUT, MAINTAINER_ORG, MAINTAINER_LISTING,
  startServer, server, tokens, stopOwnServer, launch, openPage, visit, settled, status, shot, axe, text, pageState,
};

// @brief The page with JavaScript off (server/page_routes.h), as on an old phone or Tor
// Browser at its safest setting, at 375×667 and 1280×800: search, filter, open a listing,
// print, the crisis card, the quick exit link and the "add or correct a group" form, each
// axe-clean; hostile listing text inert; and with JavaScript on, the page's script takes
// over the same address.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { launch, openPage, visit, axe, shot, stopOwnServer, PHONE, DESKTOP, NEUTRAL } = require('./support.js');

const noJs = (browser, viewport) => openPage(browser, { viewport, javaScriptEnabled: false });

// axe-core needs timers, which do not run with JavaScript off. So the same document is
// checked in a page with JavaScript on that sees it as a browser without it would: the
// HTML with its <noscript> wrappers taken away and no script, on our origin.
async function axeNoJs(page, what) {
  const checker = await openPage(page.context().browser(), { viewport: page.viewportSize() });
  await checker.route('**/*.js', (route) => route.abort());
  const html = (await page.content()).replace(/<\/?noscript>/g, '').replace(/<script\b[^>]*>\s*<\/script>/g, '');
  await checker.route(page.base + '/axe-check', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await checker.goto(page.base + '/axe-check');
  await axe(checker, what);
  await checker.context().close();
}
// Follows a link or submits a form, waiting for the next page.
async function go(page, action) {
  const before = page.url();
  await Promise.all([page.waitForEvent('load'), action()]);
  return before;
}

// The summary line under "Results": "3 results for “bipolar” near Moscow, Idaho".
const summary = (page) => page.locator('.nojs-results > p').first().innerText();
const count = (text) => Number(/^(\d+) result/.exec(text)[1]);

// The server page's English: every Key of server/html_strings.h (its English catalog),
// adjacent string literals joined, {n} slots split off.
const SERVER_ENGLISH = [...fs.readFileSync(path.join(__dirname, '../../server/html_strings.h'), 'utf8')
  .matchAll(/Key k\w+\{"\w+",((?:\s*"(?:[^"\\]|\\.)*")+)\}/g)]
  .map((m) => [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]).join('').replace(/\\u201c|\\u201d/g, '"'))
  .flatMap((s) => s.split(/\{\w+\}/)).map((s) => s.trim());
const catalog = (lang) => JSON.parse(fs.readFileSync(path.join(__dirname, `../../web/i18n/nojs.${lang}.json`), 'utf8'));

// English sentences of the server page (and English vocabulary labels) a reader of
// `lang` sees: visible text and aria-labels, outside elements marked with
// another language (listing text).
async function englishLeft(page, lang, names = []) {
  const vocab = async (l) => (await (await page.request.get(`${page.base}/api/v1/vocabulary?lang=${l}`)).json())
    .facets.flatMap((f) => [f.label, ...f.values.map((x) => x.label)]);
  const theirs = new Set([...Object.values(catalog(lang)), ...(await vocab(lang))].map((s) => s.trim()));
  const phrases = [...new Set([...SERVER_ENGLISH, ...(await vocab('en'))])]
    .filter((s) => /[a-z]{3}/i.test(s) && s.length >= 4 && !theirs.has(s) && ![...theirs].some((t) => t.includes(s)));
  return page.evaluate(({ phrases, lang, names }) => {
    const foreign = (e) => { const l = e.closest('[lang]'); return l && l.getAttribute('lang') !== lang; };
    // Not the title: on a listing it is the listing's name, in the listing's own language.
    const seen = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) {
      const p = n.parentElement;
      if (n.textContent.trim() && !foreign(p) && !p.closest('script, style') && p.checkVisibility()) seen.push(n.textContent);
    }
    for (const e of document.querySelectorAll('[aria-label]')) if (!foreign(e)) seen.push(e.getAttribute('aria-label'));
    // `names`: a listing's name the page quotes without knowing its language (the form's
    // "Listing being corrected"); left in its own words.
    const text = names.reduce((t, n) => t.split(n).join(' '), seen.join('\n'));
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return phrases.filter((p) => new RegExp('(^|[^\\p{L}])' + escape(p) + '($|[^\\p{L}])', 'u').test(text));
  }, { phrases, lang, names });
}

describe('the page without JavaScript', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    it(`searches, filters, opens a listing and prints (${size})`, { timeout: 60000 }, async () => {
      const page = await noJs(browser, viewport);
      await page.goto(page.base + '/');
      assert.ok(!(await page.isVisible('#search-form')), 'the script-driven form is hidden');
      await axeNoJs(page, 'the start page without JavaScript');

      await page.fill('#nojs-q', 'bipolar');
      await page.fill('#nojs-near', '83843');
      await go(page, () => page.click('.nojs-search button[type=submit]'));
      await page.waitForSelector('#nojs-results-title');
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('q'), 'bipolar');
      assert.equal(url.searchParams.get('near'), '83843');
      const first = await summary(page);
      assert.match(first, /^\d+ results? for “bipolar” near Moscow/);
      const api = await (await page.request.get(page.base + '/api/v1/search?q=bipolar&near=83843')).json();
      assert.equal(count(first), api.total);
      const names = await page.locator('.nojs-results .card h3').allInnerTexts();
      assert.deepEqual(names, api.results.map((r) => r.name).concat((api.also_nearby || []).map((r) => r.name)));
      await axeNoJs(page, 'server-rendered results');
      await shot(page, 'nojs-results-' + size);

      // A filter is a link with its count; following it narrows to exactly that count.
      const link = page.locator('.nojs-filters a:not(.selected)').first();
      const [, wanted] = /\((\d+)\)$/.exec((await link.innerText()).trim());
      await go(page, () => link.click());
      await page.waitForSelector('.nojs-filters a.selected');
      assert.equal(count(await summary(page)), Number(wanted));
      await axeNoJs(page, 'a filtered search');
      // And taking it off again gives the first answer back.
      await go(page, () => page.click('.nojs-filters a.selected'));
      assert.equal(await page.locator('.nojs-filters a.selected').count(), 0);
      assert.equal(await summary(page), first);

      await go(page, () => page.locator('.nojs-results .card h3 a').first().click());
      await page.waitForSelector('#nojs-detail-title');
      assert.ok(new URL(page.url()).searchParams.get('listing'));
      assert.ok(await page.isVisible('text=Sources'));
      assert.ok(await page.isVisible('a[href^="/suggest?listing="]'));
      await axeNoJs(page, 'a listing without JavaScript');
      await shot(page, 'nojs-detail-' + size);

      await page.emulateMedia({ media: 'print' });
      for (const hidden of ['.safety', '.nojs-search', '.nojs-back', '.footer']) {
        assert.ok(!(await page.isVisible(hidden)), `${hidden} is not printed`);
      }
      assert.ok(await page.isVisible('#nojs-detail-title'));
      await shot(page, 'nojs-print-' + size);
      await page.emulateMedia({ media: 'screen' });

      await go(page, () => page.click('.nojs-back a'));
      await page.waitForSelector('#nojs-results-title');
      assert.equal(await summary(page), first);
      await page.assertClean();
    });

    it(`shows the crisis card first, and quick exit is a plain link (${size})`, { timeout: 30000 }, async () => {
      const page = await noJs(browser, viewport);
      await page.goto(page.base + '/?q=suicide');
      const card = page.locator('.nojs .crisis-card');
      await card.waitFor();
      const order = await page.evaluate(() => {
        const c = document.querySelector('.nojs .crisis-card'), r = document.querySelector('.nojs-results');
        return c.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      assert.ok(order, 'the card comes before the results');
      for (const href of ['tel:988', 'sms:988']) {
        const box = await card.locator(`a[href="${href}"]`).first().boundingBox();
        assert.ok(box && box.width >= 44 && box.height >= 44, `${href} is ${box && box.width}×${box && box.height}`);
      }
      await axeNoJs(page, 'the crisis card without JavaScript');
      await shot(page, 'nojs-crisis-' + size);
      await page.click('#quick-exit');
      await page.waitForURL(NEUTRAL);
      await page.assertClean({ exited: true });
    });
  }

  it('takes suggestions with the form, and says what happens next', { timeout: 30000 }, async () => {
    const page = await noJs(browser, PHONE);
    await page.goto(page.base + '/');
    await go(page, () => page.click('footer a[href="/suggest"]'));
    await page.waitForSelector('#suggest-title');
    assert.match(await page.innerText('main'), /What happens next/);
    await axeNoJs(page, 'the suggestion form');
    await go(page, () => page.click('.suggest-form button[type=submit]'));  // nothing typed
    await page.waitForSelector('[role=alert]');
    assert.match(await page.innerText('[role=alert]'), /name: required/);
    assert.match(await page.innerText('[role=alert]'), /details: required/);
    await axeNoJs(page, 'the suggestion form with problems');
    await page.fill('#suggest-name', 'Synthetic Tuesday Circle (browser test)');
    await page.fill('#suggest-details', 'Synthetic test: meets Tuesdays at 7pm.');
    await go(page, () => page.click('.suggest-form button[type=submit]'));
    await page.waitForSelector('text=Thank you');
    assert.match(await page.innerText('main'), /Its number is \d+\./);
    await axeNoJs(page, 'the thank-you page');
    await shot(page, 'nojs-suggest-thanks-phone');

    // "Correct this listing" from a listing names it.
    await page.goto(page.base + '/?listing=fixture-moscow-bipolar-group');
    const correct = page.locator('.nojs-detail a', { hasText: 'Correct this listing' });
    assert.equal(await correct.getAttribute('href'), '/suggest?listing=fixture-moscow-bipolar-group');
    await go(page, () => correct.click());
    await page.waitForSelector('#suggest-title');
    assert.match(await page.innerText('main'), /Moscow Bipolar Peer Circle/);
    await page.assertClean();
  });

  it('speaks Spanish to a Spanish browser: results, a listing, the suggestion form', { timeout: 60000 }, async () => {
    const page = await openPage(browser, { viewport: PHONE, javaScriptEnabled: false, locale: 'es-US' });
    assert.ok(SERVER_ENGLISH.length > 60, 'the English catalog was read');
    await page.goto(page.base + '/?q=bipolar');  // no lang: the browser's Accept-Language (es-US) decides
    await page.waitForSelector('#nojs-results-title');
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    assert.match(await summary(page), /^\d+ resultados? para “bipolar”/);
    assert.deepEqual(await englishLeft(page, 'es'), [], 'English on the results');
    await shot(page, 'nojs-es-results');
    await go(page, () => page.locator('.nojs-results .card h3 a').first().click());
    await page.waitForSelector('#nojs-detail-title');
    assert.deepEqual(await englishLeft(page, 'es'), [], 'English on the listing');
    const name = await page.innerText('#nojs-detail-title');
    const correct = page.locator('.nojs-detail a[href^="/suggest?listing="]');
    assert.equal(await correct.innerText(), 'Corregir esta ficha');
    await go(page, () => correct.click());
    await page.waitForSelector('#suggest-title');
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    assert.deepEqual(await englishLeft(page, 'es', [name]), [], 'English on the suggestion form');
    // The switcher: a plain link to the same page in English, which then keeps lang=en.
    await page.goto(page.base + '/?q=bipolar');
    await go(page, () => page.click('.nojs-languages a[lang=en]'));
    assert.equal(new URL(page.url()).searchParams.get('lang'), 'en');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await summary(page), /^\d+ results? for “bipolar”/);
    await page.assertClean();
  });

  it('renders hostile listing text inert', { timeout: 30000 }, async () => {
    const page = await noJs(browser, DESKTOP);
    for (const target of ['/?q=payload', '/?q=payload&listing=fixture-payload-listing']) {
      await page.goto(page.base + target);
      await page.waitForSelector('.nojs h2');
      assert.match(await page.innerText('.nojs'), /Payload <img src=x/);
      const live = await page.evaluate(() => ({
        scripts: [...document.scripts].map((s) => s.getAttribute('src')),
        img: document.querySelectorAll('img').length,
        iframes: document.querySelectorAll('iframe').length,
        handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
        js: [...document.querySelectorAll('a[href], [src]')].filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src'))).length,
      }));
      assert.deepEqual(live, { scripts: ['/safety.js', '/app.js'], img: 0, iframes: 0, handlers: 0, js: 0 }, target);
    }
    await page.assertClean();
  });

  it('hands the same address to the script when JavaScript is on', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { viewport: DESKTOP });
    await visit(page, '/?q=bipolar&near=83843');
    assert.equal(await page.locator('.nojs').count(), 0, 'the server-rendered part stays unparsed');
    assert.ok((await page.locator('#results > li').count()) >= 1);
    assert.equal(new URL(page.url()).search, '', 'the script takes the search out of the address');
    await page.assertClean();
  });
});

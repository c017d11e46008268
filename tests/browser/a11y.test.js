// @brief Accessibility: axe-core (WCAG 2.1 A/AA and best practices) with zero violations
// on the main states at phone and desktop sizes; 320 px without sideways scrolling;
// keyboard order and visible focus; announced result counts; reduced motion; page weight.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, ON_DEMAND, launch, openPage, visit, status, axe, shot, stopOwnServer, PHONE, DESKTOP } = require('./support.js');

describe('accessibility', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    it(`has no axe-core violations on the main states (${size})`, { timeout: 60000 }, async () => {
      const page = await openPage(browser, { viewport });
      await visit(page, '/');
      await axe(page, 'the start page');
      await shot(page, 'home-' + size);

      await visit(page, '/?q=group&near=83843&attendance=in-person&language=en');
      if (size === 'phone') await page.click('#filters-panel > summary');
      await page.evaluate(() => document.querySelectorAll('details.facet').forEach((d) => { d.open = true; }));
      await axe(page, 'results with filters and chips');
      await shot(page, 'results-filters-' + size);

      await visit(page, '/?q=biploar');
      await axe(page, 'the empty state with "did you mean"');

      await page.locator('#near').pressSequentially('Mosc', { delay: 20 });
      await page.locator('#place-options [role=option]').first().waitFor();
      await page.keyboard.press('ArrowDown');
      await axe(page, 'the place suggestions');

      await visit(page, '/?q=bipolar&listing=fixture-online-bipolar-circle');
      await page.waitForSelector('#detail-title');
      await axe(page, 'the detail view');
      await shot(page, 'detail-' + size);

      await visit(page, '/?view=list&list=fixture-moscow-bipolar-group,fixture-toronto-family-circle,fixture-gone-away');
      await page.waitForSelector('#sheet');
      await axe(page, 'the referral list');
      await shot(page, 'referral-list-' + size);
      await page.assertClean();
    });
  }

  it('works at 320 px wide without sideways scrolling', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { viewport: { width: 320, height: 640 } });
    for (const [query, ready] of [['/?q=payload', null], ['/?near=83843&q=group', null],
      ['/?listing=fixture-payload-listing', '#detail-title'], ['/?view=list&list=fixture-pullman-anxiety-group', '#sheet']]) {
      await visit(page, query);
      if (ready) await page.waitForSelector(ready);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 320, `${query} is ${wide} px wide`);
    }
    await shot(page, 'list-320px');
    await page.assertClean();
  });

  it('keeps every word of the bar and the masthead whole at 320 px, in every language', { timeout: 30000 }, async () => {
    const splits = {};
    for (const [locale, lang] of [['en-US', 'en'], ['es-US', 'es'], ['fr-CA', 'fr']]) {
      const page = await openPage(browser, { viewport: { width: 320, height: 640 }, locale });
      await visit(page, '/?lang=' + lang);
      await page.waitForSelector('#crisis[data-country]');
      // A word split across lines ("Referr|al list") has boxes on more than one line.
      const split = await page.evaluate(() => {
        const out = [];
        for (const root of document.querySelectorAll('#crisis, .masthead')) {
          const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            if (n.parentElement.getBoundingClientRect().width <= 1) continue; // visually hidden
            for (const m of n.data.matchAll(/\S+/g)) {
              const r = document.createRange();
              r.setStart(n, m.index);
              r.setEnd(n, m.index + m[0].length);
              if (new Set([...r.getClientRects()].map((b) => Math.round(b.bottom))).size > 1) out.push(m[0]);
            }
          }
        }
        return out;
      });
      splits[lang] = split;
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 320, `${lang}: ${wide} px wide`);
      await shot(page, 'masthead-320px-' + lang);
      await page.assertClean();
    }
    assert.deepEqual(splits, { en: [], es: [], fr: [] }, 'words split across lines');
  });

  it('can be used from the keyboard, with a visible focus', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/');
    const order = [];
    for (let i = 0; i < 11; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => {
        const e = document.activeElement;
        return e.id || e.getAttribute('href') || e.textContent.trim();
      }));
    }
    // The languages, each named in itself, after the brand.
    assert.deepEqual(order, ['#results-title', '#safely', 'tel:988', 'sms:988', 'quick-exit', '/', '/?lang=en', '/?lang=es', '/?lang=fr', 'list-link', 'q']);
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return s.outlineStyle + ' ' + s.outlineWidth;
    });
    assert.equal(ring, 'solid 3px');
    // Type, submit with Enter, open the first result with Enter, come back with the back link.
    await page.locator('#q').focus();
    await page.keyboard.type('bipolar');
    await page.keyboard.press('Enter');
    await status(page, /^2 results for “bipolar”/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results-title');
    await page.locator('#results a[data-listing]').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail-title:focus');
    await page.locator('#detail-view a[data-back]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#search-view:not([hidden])');
    assert.ok(await page.evaluate(() => document.activeElement.hasAttribute('data-listing')));
    await page.assertClean();
  });

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    it(`skips to the content of the detail and list views too (${size})`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { viewport });
      for (const [query, title] of [['/?q=bipolar', 'results-title'], ['/?q=bipolar&listing=fixture-online-bipolar-circle', 'detail-title'],
        ['/?view=list&list=fixture-moscow-bipolar-group', 'list-title']]) {
        await visit(page, query);
        await page.waitForSelector('#' + title);
        const length = await page.evaluate(() => history.length);
        await page.locator('.skip').focus(); // the first Tab stop of the page
        assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to results');
        await page.keyboard.press('Enter');
        await page.waitForFunction((id) => document.activeElement.id === id, title);
        const box = await page.locator('#' + title).boundingBox();
        assert.ok(box.y >= 0 && box.y < viewport.height, title + ' is in view');
        assert.equal(await page.evaluate(() => history.length), length, 'no history entry');
      }
      await page.assertClean();
    });
  }

  it('announces result counts and honours reduced motion', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/');
    assert.equal(await page.getAttribute('#status', 'role'), 'status');
    assert.equal(await page.getAttribute('#status', 'aria-live'), 'polite');
    await page.fill('#q', 'zzqxv');
    await status(page, /^0 results for “zzqxv”/);
    const transition = await page.evaluate(() => getComputedStyle(document.getElementById('results')).transitionDuration);
    assert.equal(transition, '0s'); // the context asks for reduced motion
    await page.assertClean();
  });

  it('keeps the page\'s own files under 60 KB before compression', () => {
    const web = path.join(ROOT, 'web');
    // The page fetches one catalog of its words, its language's (web/i18n/<lang>.json): the
    // largest counts. views.<lang>.json holds the words of the parts loaded on demand below
    // and is fetched with them (the transfer test checks that a first visit does not).
    const catalogs = fs.readdirSync(path.join(web, 'i18n')).filter((f) => /^[a-z]{2,3}\.json$/.test(f));
    assert.ok(catalogs.length >= 3, catalogs.join());
    const catalog = Math.max(...catalogs.map((f) => fs.statSync(path.join(web, 'i18n', f)).size));
    // Other pages are not part of the search page: the staff pages (maintain, moderate,
    // admin.css). Nor are the parts fetched only when needed (ON_DEMAND, support.js): the
    // views (views.js, views.css; a listing, detail.js and meeting.js; the report form; the
    // referral sheet, sheet.js, sheet.css, qr.js), the empty state's ways out, the place box
    // and "Which Moscow?" (places.js, places.css), the chips of filters, a place or words
    // read (chips.js, chips.css), a course's dates (course.js), a spelling corrected or a place unknown (corrections.js) and css.js,
    // which links those stylesheets; the transfer and results tests check that a first
    // visit and a first search of words with results request none of them. nojs.css is
    // linked inside <noscript>: only a browser with scripts off fetches it, and that page
    // loads no script at all.
    const other = (f) => /^(maintain|moderate)\.(html|js)$|^admin\.css$|^nojs\.css$/.test(f) || ON_DEMAND.includes(f);
    const files = fs.readdirSync(web).filter((f) => fs.statSync(path.join(web, f)).isFile() && !other(f));
    const total = files.reduce((n, f) => n + fs.statSync(path.join(web, f)).size, 0) + catalog;
    console.log(`search page: ${total} bytes (${catalog} of them the largest catalog)`);
    assert.ok(total < 60000, `web/ holds ${total} bytes with its largest catalog: over the 60,000 budget`);
  });
});

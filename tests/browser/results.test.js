// @brief The results, phone first (issue 14, items 3 and 4): one request per search, filters
// as a sheet with a live "Show N results", the summary in view after a search, what was
// read from the words as removable chips, "Which Moscow?" with the person's own country
// first, general support nearby, online groups serving the place apart, and an empty page
// whose every way out says how many results it leads to (never 0).
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { ON_DEMAND, launch, openPage, visit, status, shot, axe, stopOwnServer, pageState, PHONE, DESKTOP } = require('./support.js');

const api = (page) => page.record.requests.map((u) => new URL(u)).filter((u) => u.pathname.startsWith('/api/'));
const inView = async (page, selector, viewport) => {
  const box = await page.locator(selector).boundingBox();
  return box && box.y >= 0 && box.y + box.height <= viewport.height;
};

describe('results on a phone and a desktop', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    it(`makes one request per search, with every field a card shows (${size})`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { viewport });
      // A first visit: the vocabulary (once per visit) and the search; no listing. Besides
      // the API, one catalog of the page's words (issue 13): its language's, English here.
      await visit(page, '/?q=group&near=83843');
      // The name in the masthead is never broken inside the word ("Kindr / ed" at 375 px).
      assert.equal(await page.locator('.brand a').evaluate((a) => a.getClientRects().length), 1);
      assert.deepEqual(api(page).map((u) => u.pathname).sort(), ['/api/v1/search', '/api/v1/vocabulary']);
      const words = page.record.requests.map((u) => new URL(u).pathname).filter((p) => p.startsWith('/i18n/'));
      assert.deepEqual(words, ['/i18n/en.json']);
      // Then each search is one request: a filter, and words submitted.
      for (const act of [() => page.locator('#quick button', { hasText: 'In person' }).click(),
        async () => { await page.locator('#q').fill('bipolar'); await page.press('#q', 'Enter'); }]) {
        const before = api(page).length;
        await act();
        await status(page, /within 50 km of Moscow, Idaho/);
        await page.waitForTimeout(300); // anything late would show up
        const made = api(page).slice(before);
        assert.deepEqual(made.map((u) => u.pathname), ['/api/v1/search'], 'one request: ' + made.map(String).join(' '));
      }
      // After the words are submitted, the summary of the results is in view, under the sticky bar.
      assert.ok(await inView(page, '#status', viewport), 'the result count is in view');
      const bar = await page.locator('#crisis').boundingBox();
      assert.ok((await page.locator('#status').boundingBox()).y >= bar.y + bar.height, 'not under the safety bar');
      if (size === 'phone') { // scrolled there: the results start just under the bar, not below the form
        const title = await page.locator('#results-title').boundingBox();
        assert.ok(title.y - (bar.y + bar.height) < 60, 'results title at ' + title.y);
      }
      await visit(page, '/?q=group&near=83843');
      // The card's fields came with that answer: cost, language, place, phone as its country writes it.
      const moscow = await page.locator('#results > li', { hasText: 'Moscow Bipolar Peer Circle' }).innerText();
      for (const want of [/Free/, /Language\s+English/, /Moscow, Idaho, 83843/]) assert.match(moscow, want);
      const pullman = await page.locator('#results > li', { hasText: 'Pullman Anxiety Peer Group' }).innerText();
      assert.match(pullman, /Phone\s+\(509\) 555-0100/);
      // A stale listing says quietly when it was checked, no warning badge.
      assert.match(moscow, /^Support group · Free · checked Jun 1, 2025\n/);
      assert.equal(await page.locator('#results .badge.warn').count(), 0);
      // The listing, one tap away: its phone written the same way; internal notes are not sources.
      await page.locator('#results a[data-listing="fixture-pullman-anxiety-group"]').click();
      await page.waitForSelector('#detail-title:focus');
      const detail = await page.locator('#detail-view').innerText();
      assert.match(detail, /Phone\s+\(509\) 555-0100/);
      assert.match(detail, /Sources\s+Synthetic fixture\s+Report a problem/);
      assert.doesNotMatch(detail, /Seed document/);
      assert.equal(await page.getAttribute('#detail-view a[href^="tel:"]', 'href'), 'tel:+15095550100');
      await page.assertClean();
    });
  }

  it('needs none of the parts loaded on demand for a first search of words with results', { timeout: 30000 }, async () => {
    // From the address and typed in the box: the page's files, one catalog, the vocabulary
    // and the search; nothing of ON_DEMAND (support.js), which the weight budget leaves out.
    for (const how of ['address', 'typed']) {
      const page = await openPage(browser);
      if (how === 'address') await visit(page, '/?q=bipolar');
      else {
        await visit(page, '/');
        await page.locator('#q').fill('bipolar');
        await page.press('#q', 'Enter');
      }
      await status(page, /^2 results for “bipolar”/);
      await page.waitForTimeout(300); // anything late would show up
      const paths = page.record.requests.map((u) => new URL(u)).filter((u) => u.origin === new URL(page.base).origin).map((u) => u.pathname);
      assert.deepEqual(paths.filter((p) => ON_DEMAND.includes(p.slice(1)) || p.startsWith('/i18n/')), ['/i18n/en.json'], how + ': ' + paths.join(' '));
      const apis = api(page).map((u) => u.pathname).sort();
      if (how === 'address') assert.deepEqual(apis, ['/api/v1/search', '/api/v1/vocabulary']);
      else assert.deepEqual([...new Set(apis)], ['/api/v1/search', '/api/v1/vocabulary'], 'the start page\'s search, then the words\'');
      // The check can fail: a place to choose brings the place box's part.
      await page.locator('#near').focus();
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/places.js')));
      assert.ok(page.record.requests.some((u) => u.endsWith('/places.js')), how + ': places.js when the place box is used');
      await page.assertClean();
    }
  });

  it('opens filters as a sheet over the results, counting as boxes are ticked (phone)', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { viewport: PHONE });
    await visit(page, '/?q=group');
    const total = +(await page.textContent('#status')).match(/^(\d+)/)[1];
    const resultsTop = (await page.locator('#results').boundingBox()).y;
    await page.click('#filters-panel > summary');
    const sheet = page.locator('.filter-sheet');
    await sheet.waitFor();
    const box = await sheet.boundingBox();
    assert.ok(box.y + box.height <= PHONE.height + 1 && box.y > 0, 'the sheet is on screen: ' + JSON.stringify(box));
    assert.equal((await page.locator('#results').boundingBox()).y, resultsTop, 'the results did not move');
    const done = page.locator('#filters-done');
    assert.equal(await done.innerText(), `Show ${total} results`);
    assert.ok(await inView(page, '#filters-done', PHONE), 'the button is on screen');
    await axe(page, 'the filters sheet');
    await page.locator('[data-facet="kind"] label', { hasText: 'Support group' }).click();
    await status(page, /^\d+ results? for “group”/);
    const fewer = +(await page.textContent('#status')).match(/^(\d+)/)[1];
    assert.ok(fewer < total);
    assert.equal(await done.innerText(), `Show ${fewer} result${fewer === 1 ? '' : 's'}`);
    await shot(page, 'filters-sheet-phone');
    // Escape closes the sheet (and is not half of the quick exit's Escape Escape).
    await page.keyboard.press('Escape');
    assert.equal(await sheet.isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY');
    await page.keyboard.press('Escape');
    assert.equal(new URL(page.url()).origin, new URL(page.base).origin, 'still here');
    await page.click('#filters-panel > summary');
    await sheet.waitFor();
    await done.click();
    assert.equal(await sheet.isVisible(), false);
    assert.ok(await inView(page, '#status', PHONE), 'the result count is in view');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results-title');
    await page.assertClean();
  });

  it('keeps filters beside the results on a desktop, with no sheet button', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { viewport: DESKTOP });
    await visit(page, '/?q=group');
    assert.equal(await page.locator('#filters-panel').getAttribute('open'), '');
    assert.equal(await page.locator('#filters-done').isVisible(), false);
    const side = await page.locator('.filter-sheet').boundingBox();
    assert.ok(side.x + side.width <= (await page.locator('#results').boundingBox()).x);
    await page.assertClean();
  });
});

describe('what was understood', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    it(`shows what it read from the words as chips that search without them (${size})`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { viewport });
      await visit(page, '/');
      await page.fill('#q', 'bipolar on tuesday near 83843');
      await page.press('#q', 'Enter');
      await status(page, /^1 result for “bipolar” within 50 km of Moscow, Idaho/); // the words left, searched as text
      const chips = page.locator('#understood [data-reading]');
      assert.deepEqual(await chips.allInnerTexts(), ['Near 83843 Moscow, Idaho, US ✕', 'Day: Tuesday ✕']);
      await axe(page, 'the understood chips');
      await shot(page, 'understood-chips-' + size);
      // Without the day: the words left, the place as a parameter.
      await chips.filter({ hasText: 'Tuesday' }).click();
      await status(page, /for “bipolar” within 50 km of Moscow, Idaho/);
      const s = await pageState(page);
      assert.deepEqual([s.q, s.near, s.filters], ['bipolar', '83843 Moscow, Idaho, US', {}]);
      assert.equal(await page.locator('#understood').isHidden(), true);
      assert.equal(await page.inputValue('#q'), 'bipolar');
      await page.assertClean();
    });
  }

  it('searches without a place read from the words', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { viewport: PHONE });
    await visit(page, '/?q=' + encodeURIComponent('bipolar on tuesday near 83843'));
    await page.locator('#understood [data-reading="near"]').click();
    await status(page, /^\d+ results? for “bipolar”\./);
    const s = await pageState(page);
    assert.deepEqual([s.q, s.near, s.filters], ['bipolar', '', { day: ['tu'] }]);
    await page.assertClean();
  });

  it('offers the spelling as typed after a correction', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/?q=biploar');
    assert.equal(await page.locator('#suggestion').innerText(), 'Showing results for bipolar, search instead for biploar.');
    await page.locator('#suggestion button', { hasText: 'biploar' }).click();
    await status(page, /^0 results for “biploar”/);
    assert.equal((await pageState(page)).spelling, 'as-typed');
    assert.ok(api(page).some((u) => u.searchParams.get('spelling') === 'as-typed'));
    await page.assertClean();
  });

  for (const [locale, first, other] of [['en-US', 'Moscow, Idaho, United States', 'Russia'], ['ru-RU', 'Russia', 'Moscow, Idaho, United States']]) {
    it(`asks "Which Moscow?" with the person's own country first (${locale})`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { viewport: PHONE, locale });
      await visit(page, '/?q=group&near=Moscow');
      const which = page.locator('#which');
      await which.waitFor();
      assert.match(await which.innerText(), /^Which Moscow\?/);
      const places = await which.locator('button').allInnerTexts();
      assert.ok(places[0].includes(first), places.join(' | '));
      assert.equal(await which.locator('button').first().getAttribute('aria-pressed'), 'true');
      assert.ok(places.slice(1).some((p) => p.includes(other)), places.join(' | '));
      const region = locale.slice(3);
      assert.ok(api(page).some((u) => u.pathname === '/api/v1/search' && u.searchParams.get('country') === region), 'country sent');
      await axe(page, 'which Moscow');
      await shot(page, 'which-moscow-' + locale);
      // Choosing another searches there (named with its region, so no longer ambiguous).
      await which.locator('button', { hasText: other }).first().click();
      await status(page, other === 'Russia' ? /within 50 km of Moscow, .*Russia/ : /within 50 km of Moscow, Idaho/);
      assert.match((await pageState(page)).near, other === 'Russia' ? /^Moscow, .*, RU$/ : /^Moscow, Idaho, US$/);
      await page.assertClean();
    });
  }

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    it(`groups online help serving the place, and shows general support nearby (${size})`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { viewport });
      await visit(page, '/?q=bipolar&near=83843');
      assert.match(await page.textContent('#serving-title'), /^Online and phone groups serving Moscow, Idaho/);
      assert.deepEqual(await page.locator('#serving h3 a').allInnerTexts(), ['Online Bipolar Peer Circle (fixture)']);
      assert.deepEqual(await page.locator('#results h3').allInnerTexts(), ['Moscow Bipolar Peer Circle']);
      await visit(page, '/?q=bipolar&near=Calgary');
      const nearby = page.locator('#nearby');
      await nearby.waitFor();
      assert.equal(await nearby.locator('h3').first().innerText(), 'General support near you');
      assert.deepEqual(await nearby.locator('.card h3').allInnerTexts(), ['Calgary Recovery Courses (fixture)']);
      await axe(page, 'general support nearby');
      await page.assertClean();
    });
  }

  it('offers only ways out that find something, each with its count', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { viewport: PHONE });
    for (const query of ['/?q=zzqxv', '/?near=83843&kind=warmline&attendance=in-person', '/?q=grief&near=Sydney&radius_km=10']) {
      await visit(page, query);
      await page.waitForSelector('#empty h3');
      await page.waitForFunction(() => !/Looking/.test(document.getElementById('empty').textContent));
      const tries = await page.locator('#empty button').allInnerTexts();
      assert.ok(tries.length > 0, query + ': something to try');
      for (const t of tries) assert.match(t, /\((\d+) results?\)$/, t);
      // Each leads where it says: follow every one (search.test.js follows those of the
      // first two pages).
      for (let i = 0; i < (query.includes('Sydney') ? tries.length : 0); i++) {
        if (i) { await visit(page, query); await page.waitForSelector('#empty li button'); }
        const b = page.locator('#empty button').nth(i);
        const want = +(await b.innerText()).match(/\((\d+) results?\)$/)[1];
        assert.ok(want > 0);
        await b.click();
        await status(page, new RegExp('^' + want + ' results?'));
      }
      await page.assertClean();
    }
    await visit(page, '/?q=zzqxv');
    await page.waitForSelector('#empty li button');
    assert.deepEqual(await page.locator('#empty p a').evaluateAll((as) => as.map((a) => a.href)),
      ['https://www.211.org/', 'https://findahelpline.com/']);
    await axe(page, 'the empty page');
    await page.assertClean();
  });
});

// @brief Searching: results as you type (no flicker), facets with exact counts, chips,
// "did you mean", the empty state, paging; and the URL round trip with back/forward.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, openPage, visit, status, shot, stopOwnServer, pageState, PHONE, DESKTOP } = require('./support.js');

describe('search', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  it('updates results as you type, never emptying the list on the way', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/');
    assert.match(await page.textContent('#status'), /^14 results, showing 1–10\./);
    // Every change of the result list, recorded as its number of cards.
    await page.evaluate(() => {
      window.__counts = [];
      new MutationObserver(() => window.__counts.push(document.querySelectorAll('#results > li').length))
        .observe(document.getElementById('results'), { childList: true });
    });
    await page.locator('#q').pressSequentially('bipo', { delay: 30 });
    await status(page, /^2 results for “bipo”/);
    await page.locator('#q').pressSequentially('lar', { delay: 30 });
    await status(page, /^2 results for “bipolar”/);
    const counts = await page.evaluate(() => window.__counts);
    assert.ok(counts.length >= 1 && !counts.includes(0), 'the list was never empty: ' + counts);
    assert.deepEqual((await page.locator('#results h3').allInnerTexts()).sort(),
      ['Moscow Bipolar Peer Circle', 'Online Bipolar Peer Circle (fixture)']);
    assert.equal((await pageState(page)).q, 'bipolar');
    assert.equal(page.url(), page.base + '/', 'the address never carries the search');
    await page.assertClean();
  });

  it('a sentence no listing holds whole finds the listings with some of its words, and says so', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/?q=' + encodeURIComponent('I have bipolar and feel alone'));
    await status(page, /^\d+ results? with some words of “bipolar feel alone”/);
    assert.match(await page.locator('#results h3').first().innerText(), /Bipolar/);
    await page.assertClean();
  });

  it('a facet value the next answer leaves out is hidden, not left showing its old count', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/');
    const idaho = () => page.evaluate(() => {
      const label = [...document.querySelectorAll('[data-facet="region"] label')].find((l) => /Idaho/.test(l.textContent));
      return label && { hidden: label.closest('li').hidden, count: label.querySelector('.count').textContent };
    });
    assert.deepEqual(await idaho(), { hidden: false, count: '2' });
    // An online forum: no Idaho listing matches, so the answer lists no Idaho at all (an
    // open facet lists only what matches).
    await page.locator('#q').pressSequentially('bfrb', { delay: 30 });
    await status(page, /^\d+ results? for “bfrb”/);
    assert.equal((await idaho()).hidden, true);
    await page.locator('#q').fill('');
    await status(page, /^14 results/);
    assert.deepEqual(await idaho(), { hidden: false, count: '2' });
    await page.assertClean();
  });

  it('filters with exact counts, shows and removes chips', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/?q=bipolar');
    // The quick "how it meets" toggles and the facet lists show the API's exact counts.
    assert.equal(await page.locator('#quick button', { hasText: 'Online' }).innerText(), 'Online (1)');
    assert.equal(await page.locator('#quick button', { hasText: 'In person' }).innerText(), 'In person (1)');
    const peer = page.locator('[data-facet="facilitation"] label', { hasText: 'Peer-led' });
    assert.equal(await peer.locator('.count').textContent(), '2'); // in a closed facet
    await page.locator('#quick button', { hasText: 'Online' }).click();
    await status(page, /^1 result for “bipolar”/);
    assert.equal(await page.locator('#quick button', { hasText: 'Online' }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await page.locator('#results h3').allInnerTexts(), ['Online Bipolar Peer Circle (fixture)']);
    // Disjunctive counts: the attendance facet's own choice does not narrow its counts.
    assert.equal(await page.locator('#quick button', { hasText: 'In person' }).innerText(), 'In person (1)');
    // A second facet, from the collapsible lists.
    await page.locator('[data-facet="language"] summary').click();
    await page.locator('[data-facet="language"] label', { hasText: 'Español' }).click();
    await status(page, /^1 result/);
    assert.deepEqual(await page.locator('#chips .chip').allInnerTexts(),
      ['How it meets: Online ✕', 'Language: Español ✕', 'Clear all filters']);
    assert.deepEqual((await pageState(page)).filters, { attendance: ['online'], language: ['es'] });
    await shot(page, 'search-filters-desktop');
    // Removing a chip removes its filter and keeps the keyboard focus on the chips.
    await page.locator('#chips .chip', { hasText: 'How it meets: Online' }).click();
    await status(page, /^1 result for “bipolar”/);
    assert.deepEqual(await page.locator('#chips .chip').allInnerTexts(), ['Language: Español ✕']);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.chip), 'language=es');
    await page.keyboard.press('Enter');
    await status(page, /^2 results for “bipolar”/);
    assert.equal(await page.locator('#chips').isHidden(), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    await page.assertClean();
  });

  it('shows the results of a corrected misspelling, and a useful empty state', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/?q=biploar');
    await status(page, /^2 results for “bipolar”/);
    assert.equal(await page.locator('#suggestion').innerText(), 'Showing results for bipolar, search instead for biploar.');
    assert.equal(await page.inputValue('#q'), 'biploar');
    await shot(page, 'search-corrected');
    // Words with no correction that finds anything: an empty state with ways out that
    // lead somewhere (results.test.js follows each one).
    await visit(page, '/?q=zzqxv');
    assert.match(await page.textContent('#status'), /^0 results/);
    assert.equal(await page.locator('#suggestion').isHidden(), true);
    await page.waitForSelector('#empty li button');
    const tries = await page.locator('#empty button').allInnerTexts();
    assert.deepEqual(tries, ['Search without the words “zzqxv” (14 results)']);
    // 211 is a link to its own site (the context's locale is en-US).
    assert.deepEqual(await page.locator('#empty p a').evaluateAll((as) => as.map((a) => [a.textContent, a.href])),
      [['211', 'https://www.211.org/'], ['findahelpline.com', 'https://findahelpline.com/']]);
    // Near a place with a filter that matches nothing there: only what finds something
    // (no wider area and no online warmline do).
    await visit(page, '/?near=83843&kind=warmline&attendance=in-person');
    assert.match(await page.textContent('#status'), /^0 results within 50 km of Moscow, Idaho/);
    await page.waitForSelector('#empty li button');
    assert.deepEqual(await page.locator('#empty button').allInnerTexts(), ['Drop the type of support filter (2 results)']);
    await page.locator('#empty button', { hasText: 'Drop the type of support filter' }).click();
    await status(page, /^2 results within 50 km/);
    assert.deepEqual((await pageState(page)).filters, { attendance: ['in-person'] });
    await page.assertClean();
  });

  // A card says what a searcher asks first (name, kind, how and where it meets, the next
  // meeting or the distance, cost, language); the rest is one tap away.
  for (const [size, viewport, typical, most] of [['phone', PHONE, 260, 290], ['desktop', DESKTOP, 280, 300]]) {
    it(`keeps result cards short (${size})`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { viewport });
      const heights = async () => page.locator('#results > li').evaluateAll((lis) =>
        lis.map((li) => [li.querySelector('h3').textContent, Math.round(li.getBoundingClientRect().height)]));
      await visit(page, '/?q=bipolar&near=83843');
      const card = page.locator('#results > li', { hasText: 'Moscow Bipolar Peer Circle' });
      const said = await card.innerText();
      for (const want of [/Support group/, /In person · less than 1 mi/, /Next/, /Language\s+English/]) assert.match(said, want);
      const [, moscow] = (await heights()).find(([name]) => name === 'Moscow Bipolar Peer Circle');
      assert.ok(moscow <= typical, `a typical card is ${moscow} px tall`);
      await visit(page, '/?q=group');
      // Every fixture but the payload listing, whose name is a long run of markup.
      const all = await heights();
      console.log(`card heights at ${size} (px): Moscow ${moscow}; ` + all.map(([name, h]) => name.slice(0, 14) + ' ' + h).join(', '));
      const tall = all.filter(([name, h]) => !name.startsWith('Payload') && h > most);
      assert.deepEqual(tall, [], `cards over ${most} px`);
      await page.evaluate(() => window.scrollTo(0, document.getElementById('results').getBoundingClientRect().top + scrollY - 90));
      await shot(page, 'results-cards-' + size);
      await page.assertClean();
    });
  }

  it('pages through results with links', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { viewport: PHONE });
    await visit(page, '/');
    assert.equal(await page.locator('#pager').innerText(), 'Page 1 of 2\nNext →');
    assert.equal(await page.locator('#results > li').count(), 10);
    await page.locator('#pager a', { hasText: 'Next' }).click();
    await status(page, /^14 results, showing 11–14\./);
    assert.equal((await pageState(page)).page, 2);
    assert.equal(await page.locator('#results > li').count(), 4);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results-title');
    await page.locator('#pager a', { hasText: 'Previous' }).click();
    await status(page, /^14 results, showing 1–10\./);
    await page.assertClean();
  });
});

describe('state in the URL', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  it('reproduces a search from its link', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/');
    await page.fill('#q', 'group');
    await page.fill('#near', 'Moscow, Idaho');
    await page.press('#near', 'Enter');
    await status(page, /for “group” within 50 km of Moscow, Idaho/);
    await page.selectOption('#radius', '100');
    await status(page, /within 100 km/);
    await page.locator('[data-facet="kind"] label', { hasText: 'Support group' }).click();
    await status(page, /result/);
    await page.selectOption('#sort', 'distance');
    await status(page, /result/);
    // The address stays bare; the page's links (here a result's, without its listing) carry the search.
    assert.equal(page.url(), page.base + '/');
    const url = (await page.locator('#results a[data-listing]').first().getAttribute('href')).replace(/&listing=[^&]+/, '');
    assert.equal(url, '/?q=group&near=Moscow%2C+Idaho&radius_km=100&kind=support-group&sort=distance');
    const shown = await page.locator('#results h3').allInnerTexts();
    const said = await page.textContent('#status');

    const other = await openPage(browser);
    await visit(other, url);
    assert.equal(await other.textContent('#status'), said);
    assert.deepEqual(await other.locator('#results h3').allInnerTexts(), shown);
    assert.equal(await other.inputValue('#q'), 'group');
    assert.equal(await other.inputValue('#near'), 'Moscow, Idaho');
    assert.equal(await other.inputValue('#radius'), '100');
    assert.equal(await other.inputValue('#sort'), 'distance');
    assert.equal(await other.locator('[data-facet="kind"] label', { hasText: 'Support group' }).locator('input').isChecked(), true);
    await page.assertClean();
    await other.assertClean();
  });

  // Kindred keeps one history entry (after Quick exit, Back must not show a search), with
  // the state in it and not in the address; the views have their own way back.
  it('replaces its one history entry, and its views have their own way back', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/?q=bipolar');
    const length = await page.evaluate(() => history.length);
    await page.locator('#quick button', { hasText: 'In person' }).click();
    await status(page, /^1 result for “bipolar”/);
    assert.deepEqual(await page.evaluate(() => [history.state.q, history.state.filters]), ['bipolar', { attendance: ['in-person'] }]);
    await page.locator('#results a[data-listing]').first().click();
    await page.waitForSelector('#detail-view h2:has-text("Moscow Bipolar Peer Circle")');
    assert.equal((await pageState(page)).listing, 'fixture-moscow-bipolar-group');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'detail-title');
    await page.locator('#detail-view a[data-back]').click();
    await page.waitForSelector('#search-view:not([hidden])');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.listing), 'fixture-moscow-bipolar-group');
    assert.deepEqual(await page.evaluate(() => [history.state.q, history.state.filters]), ['bipolar', { attendance: ['in-person'] }]);
    await page.locator('#q').fill('');
    await page.locator('#q').pressSequentially('anx', { delay: 20 });
    await status(page, /for “anx”/);
    await page.locator('#q').pressSequentially('iety', { delay: 400 }); // slower than the debounce
    await status(page, /for “anxiety”/);
    assert.deepEqual(await page.evaluate(() => [history.state.q, history.state.filters]), ['anxiety', { attendance: ['in-person'] }]);
    assert.equal(page.url(), page.base + '/', 'the address never carries the search');
    assert.equal(await page.evaluate(() => history.length), length, 'no entry added');
    // A reload shows the same state.
    await page.reload();
    await status(page, /for “anxiety”/);
    assert.equal(await page.inputValue('#q'), 'anxiety');
    await page.assertClean();
  });
});

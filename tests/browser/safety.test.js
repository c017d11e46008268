// @brief Safety and privacy: the quick exit (button and Escape twice) replaces the history
// entry; the crisis line for the searcher's country, always on screen; listing text with
// script and javascript: payloads stays inert text; nothing leaves our origin.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, openPage, visit, status, shot, axe, stopOwnServer, NEUTRAL, PHONE, DESKTOP } = require('./support.js');

describe('quick exit', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  // A page with one entry before Kindred in its history ("the page before"), then Kindred.
  // Returns the page and the history length with Kindred's one entry.
  async function afterAnotherPage(opts, query = '/?q=group') {
    const page = await openPage(browser, opts);
    await page.goto(page.base + '/favicon.svg');
    await visit(page, query);
    return { page, length: await page.evaluate(() => history.length) };
  }
  const searchAndOpen = async (page) => {
    await page.locator('#quick button', { hasText: 'Online' }).click();
    await status(page, /for “group”/);
    await page.locator('#results a[data-listing]').first().click();
    await page.waitForSelector('#detail-title:focus');
  };
  // Kindred never adds an entry, and its address never carries the search, so neither the
  // tab's history nor the browser's own history gets the words (beyond a link opened).
  const oneEntry = async (page, length) => {
    assert.equal(await page.evaluate(() => history.length), length, 'Kindred added no history entry');
    assert.doesNotMatch(page.url(), /[?&](q|near|attendance)=/, 'no search in the address');
  };

  async function assertLeft(page, length) {
    await page.waitForURL(NEUTRAL);
    assert.equal(await page.evaluate(() => history.length), length, 'no history entry added');
    await page.goBack();
    assert.match(page.url(), /\/favicon\.svg$/, 'Back skips every Kindred page');
    await page.assertClean({ exited: true });
  }

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    it(`leaves with the button after a search and a listing (${size})`, { timeout: 30000 }, async () => {
      const { page, length } = await afterAnotherPage({ viewport });
      await searchAndOpen(page);
      await oneEntry(page, length);
      await page.click('#quick-exit');
      await assertLeft(page, length);
    });

    it(`holds after a reload, the referral list and its back link (${size})`, { timeout: 30000 }, async () => {
      const { page, length } = await afterAnotherPage({ viewport });
      await searchAndOpen(page);
      await page.locator('#detail-view button.add').click();
      await page.reload();
      await page.waitForSelector('#detail-title');
      await page.click('#list-link');
      await page.waitForSelector('#sheet');
      await page.locator('#list-view a[data-back]').click();
      await page.waitForSelector('#search-view:not([hidden])');
      await oneEntry(page, length);
      await page.click('#quick-exit');
      await assertLeft(page, length);
    });

    it(`holds after the report form (${size})`, { timeout: 30000 }, async () => {
      const { page, length } = await afterAnotherPage({ viewport });
      await searchAndOpen(page);
      await page.getByRole('link', { name: 'Report a problem with this listing' }).click();
      await page.waitForSelector('#report-title:focus');
      await oneEntry(page, length);
      // Its own way back returns to the listing, still without a new entry.
      await page.getByRole('link', { name: '← Back to the listing' }).click();
      await page.waitForSelector('#detail-title');
      await oneEntry(page, length);
      await page.getByRole('link', { name: 'Report a problem with this listing' }).click();
      await page.waitForSelector('#report-title:focus');
      // The browser's Back from the form leaves Kindred: no search or listing behind it.
      await page.goBack();
      assert.match(page.url(), /\/favicon\.svg$/);
      await page.goForward();
      await page.waitForSelector('#report-title'); // the form again, from the entry's state
      await page.reload();
      await page.waitForSelector('#report-form');
      await oneEntry(page, length);
      await page.waitForSelector('#crisis[data-country]');
      await page.click('#quick-exit');
      await assertLeft(page, length);
    });

    it(`holds after a shared list link (${size})`, { timeout: 30000 }, async () => {
      const { page, length } = await afterAnotherPage({ viewport }, '/?view=list&list=fixture-moscow-bipolar-group');
      await page.waitForSelector('#sheet');
      await page.locator('#sheet h3').first().waitFor();
      await page.click('.brand a');
      await page.fill('#q', 'bipolar');
      await page.press('#q', 'Enter');
      await status(page, /for “bipolar”/);
      await oneEntry(page, length);
      await page.click('#quick-exit');
      await assertLeft(page, length);
    });
  }

  it('leaves when Escape is pressed twice, not once', { timeout: 30000 }, async () => {
    const { page, length } = await afterAnotherPage({});
    await searchAndOpen(page);
    // Escape that closes the place suggestions does not count.
    await page.locator('#near').pressSequentially('Mosc', { delay: 20 });
    await page.locator('#place-options [role=option]').first().waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#place-options').isHidden(), true);
    await page.locator('#q').focus();
    await page.keyboard.press('Escape');
    assert.equal(page.url(), page.base + '/', 'one Escape does not leave');
    await page.keyboard.press('Escape');
    await assertLeft(page, length);
  });

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    it(`explains browsing safely, reached from the crisis bar (${size})`, { timeout: 30000 }, async () => {
      const { page, length } = await afterAnotherPage({ viewport });
      await page.locator('#crisis').getByRole('link', { name: 'Browsing safely' }).click();
      await page.waitForSelector('#safely:focus');
      const bar = await page.locator('#crisis').boundingBox();
      const title = await page.locator('#safely').boundingBox();
      assert.ok(title.y >= bar.y + bar.height && title.y + title.height <= viewport.height, 'the note is in view, not under the bar');
      const note = await page.locator('#help').innerText();
      assert.match(note, /private window/);
      assert.match(note, /History/);
      await oneEntry(page, length); // no #safely entry with the search in it
      await axe(page, 'the browsing safely note');
      await shot(page, 'browsing-safely-' + size);
      await page.assertClean();
    });
  }
});

describe('crisis line', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  async function crisisFor(locale, query = '/') {
    const page = await openPage(browser, { locale, viewport: PHONE });
    await visit(page, query);
    await page.waitForSelector('#crisis[data-country]');
    return page;
  }
  const bar = (page) => page.locator('#crisis').innerText();
  // The bar's links, as [href, accessible name].
  const links = (page) => page.locator('#crisis-line a').evaluateAll((as) => as.map((a) =>
    [a.getAttribute('href'), a.getAttribute('aria-label') || a.textContent]));

  for (const [locale, country, want, help] of [
    ['en-US', 'US', [['tel:988', 'Call 988'], ['sms:988', 'Text 988']], /988 Suicide & Crisis Lifeline: call 988, text 988.*In immediate danger, call 911\./],
    ['en-CA', 'CA', [['tel:988', 'Call 988'], ['sms:988', 'Text 988']], /9-8-8 Suicide Crisis Helpline: call 988, text 988, or visit 988\.ca/],
    ['en-GB', 'GB', [['tel:116123', 'Call 116 123']], /Samaritans: call 116 123, or visit samaritans\.org.*call 999\./],
    ['en-IE', 'IE', [['tel:116123', 'Call 116 123']], /Samaritans Ireland: call 116 123.*call 112 or 999\./],
    ['en-AU', 'AU', [['tel:131114', 'Call 13 11 14'], ['sms:0477131114', 'Text 0477 13 11 14']],
      /Lifeline: call 13 11 14, text 0477 13 11 14, or visit lifeline\.org\.au.*call 000\./],
    ['de-DE', '', [['https://findahelpline.com/', 'Find a helpline']], /Find A Helpline lists free, confidential helplines in your country/],
    ['en', '', [['https://findahelpline.com/', 'Find a helpline']], /Find A Helpline/],
  ]) {
    it(`shows ${country || 'the fallback'} for a ${locale} browser`, { timeout: 20000 }, async () => {
      const page = await crisisFor(locale);
      assert.equal(await page.getAttribute('#crisis', 'data-country'), country);
      assert.match(await bar(page), /^Peer support is not crisis care\./);
      assert.deepEqual(await links(page), want);
      assert.match(await page.locator('#help-line').innerText(), help);
      if (['GB', 'AU', ''].includes(country) && locale !== 'en') await shot(page, 'crisis-' + (country || 'fallback') + '-phone');
      await page.assertClean();
    });
  }

  it('keeps the person\'s line when a place elsewhere is searched, adding that place\'s line', { timeout: 30000 }, async () => {
    // Moscow, Russia searched from the US: the visitor keeps 988, and Russia's finder is added.
    // ("Moscow" alone is Moscow, Idaho for a US visitor: results.test.js.)
    const page = await crisisFor('en-US', '/?near=Moscow%2C+Russia');
    assert.match(await page.textContent('#status'), /Moscow, Russia/);
    await page.waitForSelector('#crisis[data-place="RU"]');
    assert.equal(await page.getAttribute('#crisis', 'data-country'), 'US');
    assert.deepEqual(await links(page), [['tel:988', 'Call 988'], ['sms:988', 'Text 988']]);
    assert.match(await page.locator('#help-line').innerText(), /^988 Suicide & Crisis Lifeline: call 988.*\nIn Russia: Find A Helpline lists/s);
    // A place in the person's own country adds nothing.
    await page.fill('#near', '83843');
    await page.press('#near', 'Enter');
    await page.waitForSelector('#crisis[data-place=""]');
    assert.equal((await page.locator('#help-line p').allInnerTexts()).length, 1);
    await page.assertClean();
  });

  it('adds the searched place\'s line to the fallback, and stays on screen', { timeout: 30000 }, async () => {
    const page = await crisisFor('de-DE', '/?near=London');
    await page.waitForSelector('#crisis[data-place="GB"]');
    assert.equal(await page.getAttribute('#crisis', 'data-country'), '');
    assert.deepEqual(await links(page), [['https://findahelpline.com/', 'Find a helpline']]);
    assert.match(await page.locator('#help-line').innerText(), /In United Kingdom: Samaritans: call 116 123/);
    await page.fill('#near', '2000');
    await page.press('#near', 'Enter');
    await page.waitForSelector('#crisis[data-place="AU"]');
    assert.match(await page.locator('#help-line').innerText(), /In Australia: Lifeline: call 13 11 14/);
    // The place removed: only the person's own line.
    await page.locator('#chips .chip', { hasText: 'Within' }).click();
    await page.waitForSelector('#crisis[data-place=""]');
    assert.doesNotMatch(await page.locator('#help-line').innerText(), /Lifeline/);
    // Always visible: still at the top of the window after scrolling to the end.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const box = await page.locator('#crisis').boundingBox();
    assert.equal(Math.round(box.y), 0);
    assert.ok(await page.locator('#quick-exit').isVisible());
    await page.assertClean();
  });
});

describe('listing text is inert', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  const NAME = 'Payload <img src=x onerror="window.__kindredPwned=1"><script>window.__kindredPwned = 1</script> Group';

  async function assertInert(page) {
    const found = await page.evaluate(() => ({
      pwned: window.__kindredPwned,
      // The sheet's QR code (qr.js, drawn from the share link) is the one svg of our own.
      elements: document.querySelectorAll('img, iframe, svg:not(.sheet-end > svg.qr), object, embed, b, main script, script:not([src])').length,
      scripts: [...document.scripts].map((s) => new URL(s.src).pathname),
      hrefs: [...document.querySelectorAll('[href]')].map((a) => a.getAttribute('href')),
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
    }));
    assert.equal(found.pwned, undefined, 'no payload ran');
    assert.equal(found.elements, 0, 'no element came from listing text');
    assert.deepEqual(found.scripts.sort(), ['/app.js', '/safety.js']);
    assert.equal(found.handlers, 0, 'no inline event handlers');
    for (const href of found.hrefs) {
      assert.doesNotMatch(href, /^\s*javascript:/i, href);
      assert.match(href, /^(https?:\/\/|\/|\?|#|(tel|sms):\+?[0-9]+$|mailto:[^<>"]+$)/, href);
    }
    assert.ok(!page.record.requests.some((u) => new URL(u).pathname === '/x'), 'the <img src=x> was never loaded');
  }

  it('shows script and javascript: payloads as text in results, detail and the list', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/?q=payload');
    const card = page.locator('#results > li').first();
    assert.equal(await card.locator('h3').innerText(), NAME);
    await card.locator('h3').hover();
    await assertInert(page);
    await shot(page, 'payload-results');

    await card.locator('h3 a').click();
    await page.waitForSelector('#detail-title:focus');
    assert.equal(await page.locator('#detail-title').innerText(), NAME);
    const detail = await page.locator('#detail-view').innerText();
    for (const literal of ['<svg onload="window.__kindredPwned=9"></svg>',
      'Fixture <b onmouseover="window.__kindredPwned=5">Bold</b> Org (synthetic)', 'javascript:window.__kindredPwned=3', '&lt;b&gt;not bold&lt;/b&gt;', 'javascript:window.__kindredPwned=7',
      '<script>window.__kindredPwned = 6</script>', '<iframe src="javascript:window.__kindredPwned=8"></iframe>',
      'Synthetic <script>window.__kindredPwned=10</script> source']) {
      assert.ok(detail.includes(literal), literal);
    }
    // Its links are the listing's http(s) URLs and our own report and correction forms, nothing else.
    const links = await page.locator('#detail-view article a').evaluateAll((as) => as.map((a) => a.href));
    assert.deepEqual(links.filter((h) => h.startsWith(page.base)),
      [page.base + '/?q=payload&listing=fixture-payload-listing&view=report', page.base + '/suggest?listing=fixture-payload-listing']);
    assert.deepEqual(links.filter((h) => !h.startsWith(page.base)).sort(), ['https://fixture.example/payload',
      'https://fixture.example/payload/join', 'https://fixture.example/payload/source']);
    await page.locator('#detail-view article a').first().hover();
    await assertInert(page);
    await shot(page, 'payload-detail');

    await page.locator('#detail-view button.add').click();
    await page.click('#list-link');
    await page.waitForSelector('#sheet');
    assert.equal(await page.locator('#sheet h3').innerText(), NAME);
    await assertInert(page);
    await page.assertClean();
  });
});

// @brief The crisis card: when the search answer says "crisis": {"matched": true}, a card
// with the person's own line (and a searched place's line added) comes before the results,
// with Call and Text buttons of at least 44×44 px; the crisis bar's own targets are as
// large. The answer's flag is set by intercepting our own API (page.route), so the test
// holds whether or not the server sets it for the query.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, openPage, visit, axe, shot, stopOwnServer, PHONE, DESKTOP } = require('./support.js');

// Adds "crisis": {"matched": true} to every search answer for a query with "suicide" in it.
async function crisisAnswers(page) {
  await page.route(/\/api\/v1\/search\?/, async (route) => {
    const answer = await route.fetch();
    const body = await answer.json();
    if (/[?&]q=[^&]*suicide/.test(route.request().url())) body.crisis = { matched: true };
    await route.fulfill({ response: answer, json: body });
  });
}

// Width and height of each element, to compare with the 44 px minimum.
async function sizes(locator) {
  const out = [];
  for (const one of await locator.all()) {
    const box = await one.boundingBox();
    out.push([Math.round(box.width), Math.round(box.height)]);
  }
  return out;
}
const big = (list) => list.length > 0 && list.every(([w, h]) => w >= 44 && h >= 44);

// [href, accessible name] of each link in a container.
const links = (locator) => locator.locator('a').evaluateAll((as) => as.map((a) =>
  [a.getAttribute('href'), a.getAttribute('aria-label') || a.textContent]));

describe('crisis card', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    it(`leads with the person's line and large Call and Text buttons (${size})`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { viewport });
      await crisisAnswers(page);
      await visit(page, '/?q=suicide');
      const card = page.locator('#crisis-card');
      await card.waitFor();
      await page.waitForSelector('#crisis[data-country="US"]');
      assert.match(await card.innerText(), /988 Suicide & Crisis Lifeline: call 988, text 988/);
      const buttons = card.locator('.big a');
      assert.deepEqual(await links(card.locator('.big')), [['tel:988', 'Call 988'], ['sms:988', 'Text 988']]);
      const cardSizes = await sizes(buttons);
      assert.ok(big(cardSizes), 'card buttons at least 44×44: ' + JSON.stringify(cardSizes));
      // First: above the result count and every result.
      const top = (await card.boundingBox()).y;
      assert.ok(top < (await page.locator('#status').boundingBox()).y);
      for (const li of await page.locator('#results > li').all()) assert.ok(top < (await li.boundingBox()).y);
      // In view after the search, at the top of the results.
      assert.ok(top + 100 < viewport.height, 'the card starts in the first screen: ' + top);

      // The bar's own call and text targets are as large.
      const barSizes = await sizes(page.locator('#crisis-line a'));
      assert.equal(barSizes.length, 2);
      assert.ok(big(barSizes), 'bar targets at least 44×44: ' + JSON.stringify(barSizes));
      assert.ok(big(await sizes(page.locator('#quick-exit'))));
      await axe(page, 'the crisis card');
      await shot(page, 'crisis-card-' + size);

      // A search without the flag has no card.
      await visit(page, '/?q=bipolar');
      assert.equal(await card.isHidden(), true);
      await page.assertClean();
    });
  }

  for (const [locale, want] of [
    ['en-GB', [['tel:116123', 'Call 116 123']]],
    ['en-AU', [['tel:131114', 'Call 13 11 14'], ['sms:0477131114', 'Text 0477 13 11 14']]],
    ['de-DE', [['https://findahelpline.com/', 'Find a helpline']]],
  ]) {
    it(`offers only what the ${locale} line offers`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { viewport: PHONE, locale });
      await crisisAnswers(page);
      await visit(page, '/?q=suicide');
      await page.waitForSelector('#crisis[data-country]');
      const card = page.locator('#crisis-card');
      await card.waitFor();
      assert.deepEqual(await links(card.locator('.big')), want);
      assert.ok(big(await sizes(card.locator('.big a'))));
      assert.ok(big(await sizes(page.locator('#crisis-line a'))));
      if (locale === 'en-AU') await shot(page, 'crisis-card-AU-phone');
      await page.assertClean();
    });
  }

  // In French and Spanish the bar's buttons wrap to more lines on a phone (174 px against
  // English's 75): after words are submitted, the results and the card's heading must
  // still land under the bar, not behind it.
  for (const [locale, words] of [['fr-CA', 'pensées de suicide'], ['es-US', 'ideas de suicidio'], ['en-US', 'suicide thoughts']]) {
    it(`lands the card's heading under the bar, however tall (${locale}, phone)`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { viewport: PHONE, locale });
      await crisisAnswers(page);
      await visit(page, '/');
      await page.waitForSelector('#crisis[data-country]');
      await page.locator('#q').fill(words);
      await page.press('#q', 'Enter');
      await page.locator('#crisis-card').waitFor();
      await page.waitForFunction(() => scrollY > 0);
      const bar = await page.locator('#crisis').boundingBox();
      const under = bar.y + bar.height;
      if (locale !== 'en-US') assert.ok(bar.height > 120, 'the bar wraps here: ' + bar.height);
      for (const sel of ['#results-title', '#crisis-title']) {
        const box = await page.locator(sel).boundingBox();
        assert.ok(box.y >= under && box.y - under < 60, `${sel} at ${box.y}, the bar ends at ${under}`);
      }
      await shot(page, 'crisis-card-under-bar-' + locale);
      await page.assertClean();
    });
  }

  // On a slow connection a person can type before the script has its words: the page's
  // first drawing used to empty the box, and Enter then searched nothing, with no card.
  it('keeps words typed while the page loads, and searches them', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { viewport: PHONE });
    await crisisAnswers(page);
    await page.route(/\/i18n\/en\.json/, async (route) => {
      await new Promise((done) => setTimeout(done, 1500));
      await route.continue();
    });
    await page.goto(page.base + '/', { waitUntil: 'domcontentloaded' });
    await page.locator('#q').fill('thoughts of suicide');
    await page.waitForSelector('#crisis[data-country]'); // the script has run
    assert.equal(await page.inputValue('#q'), 'thoughts of suicide');
    await page.press('#q', 'Enter');
    await page.locator('#crisis-card').waitFor();
    assert.match(await page.textContent('#status'), /thoughts of suicide/);
    await page.assertClean();
  });

  it('adds a searched place\'s line after the person\'s own, never instead', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { viewport: PHONE });
    await crisisAnswers(page);
    await visit(page, '/?q=suicide&near=London%2C+United+Kingdom'); // plain "London" is a US one for a US visitor
    await page.waitForSelector('#crisis[data-place="GB"]');
    const card = page.locator('#crisis-card');
    await card.waitFor();
    assert.deepEqual(await links(card.locator('.big')),
      [['tel:988', 'Call 988'], ['sms:988', 'Text 988'], ['tel:116123', 'Call 116 123']]);
    assert.match(await card.innerText(), /988 Suicide & Crisis Lifeline[^]*In United Kingdom: Samaritans: call 116 123/);
    assert.deepEqual(await links(page.locator('#crisis-line')), [['tel:988', 'Call 988'], ['sms:988', 'Text 988']]);
    await axe(page, 'the crisis card with a place line');
    await page.assertClean();
  });
});

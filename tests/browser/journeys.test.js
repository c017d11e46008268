// @brief The acceptance journeys, as a new user would try them on a phone-sized and a
// desktop-sized window: an online bipolar group, and an in-person group near a postal
// code, each in one query and at most two clicks.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, openPage, visit, status, shot, stopOwnServer, PHONE, DESKTOP } = require('./support.js');

describe('acceptance journeys', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  // Clicks, counted.
  function clicker(page) {
    const c = async (locator) => { c.count++; await locator.click(); };
    c.count = 0;
    return c;
  }

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    it(`finds an online bipolar group in one query and two clicks (${size})`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { viewport, timezoneId: 'America/Chicago' });
      const click = clicker(page);
      await visit(page, '/');
      await page.locator('#q').pressSequentially('bipolar', { delay: 25 }); // the one query
      await status(page, /^2 results for “bipolar”/);
      await click(page.locator('#quick button', { hasText: 'Online' }));
      await status(page, /^1 result for “bipolar”/);
      const first = page.locator('#results > li').first();
      assert.equal(await first.locator('h3').innerText(), 'Online Bipolar Peer Circle (fixture)');
      const facts = await first.locator('.facts').innerText();
      assert.match(facts, /Where\s+Online/);
      // The next meeting in the reader's zone, and on wider screens in the group's own zone.
      assert.match(facts, size === 'phone' ? /Next\s+\w{3}, \w{3} \d+, 6:00\sPM C[SD]T your time\s*\n/
        : /Next\s+\w{3}, \w{3} \d+, 6:00\sPM C[SD]T your time \(\w{3}, \w{3} \d+, 7:00\sPM E[SD]T where the group meets\)/);
      assert.match(facts, /Language\s+English/);
      assert.equal(await first.locator('.kicker').innerText(), 'Support group · Free');
      await shot(page, `journey-online-bipolar-${size}`);
      await click(first.locator('h3 a'));
      await page.waitForSelector('#detail-title:focus');
      const detail = await page.locator('#detail-view').innerText();
      assert.match(detail, /How to join\s+Register on the website/);
      assert.match(detail, /Website\s+https:\/\/fixture\.example\/mood\/join/);
      assert.match(detail, /When\s+Every Wednesday, 7:00\sPM–8:30\sPM, Eastern Time \(New York\)/);
      assert.equal(await page.getAttribute('#detail-view a[download]', 'href'), '/api/v1/listings/fixture-online-bipolar-circle.ics?lang=en') // the calendar in the page's language;
      await shot(page, `journey-online-bipolar-detail-${size}`);
      assert.ok(click.count <= 2, `${click.count} clicks`);
      await page.assertClean();
    });

    it(`finds an in-person group near a postal code in one query and two clicks (${size})`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { viewport, timezoneId: 'America/Los_Angeles' });
      const click = clicker(page);
      await visit(page, '/');
      await page.locator('#near').pressSequentially('83843', { delay: 25 }); // the one query
      await status(page, /within 50 km of Moscow, Idaho, United States/);
      await click(page.locator('#quick button', { hasText: 'In person' }));
      await status(page, /^2 results within 50 km of Moscow, Idaho/);
      const first = page.locator('#results > li').first();
      assert.equal(await first.locator('h3').innerText(), 'Moscow Bipolar Peer Circle');
      const facts = await first.locator('.facts').innerText();
      assert.match(facts, /Where\s+In person · less than 1 mi away · Moscow, Idaho, 83843/);
      assert.match(facts, /Next\s+Tue, \w{3} \d+, 6:30\sPM P[SD]T your time$/m); // same zone: said once
      // Stale (checked over 12 months ago): said quietly on the card, explained on the listing.
      assert.equal(await first.locator('.kicker').innerText(), 'Support group · Free · checked Jun 1, 2025');
      await shot(page, `journey-in-person-${size}`);
      await click(first.locator('h3 a'));
      await page.waitForSelector('#detail-title:focus');
      const detail = await page.locator('#detail-view').innerText();
      assert.match(detail, /Address\s+Moscow, Idaho, 83843\s+United States/);
      assert.match(detail, /These details were last checked on Jun 1, 2025 and may be out of date/);
      await shot(page, `journey-in-person-detail-${size}`);
      assert.ok(click.count <= 2, `${click.count} clicks`);
      await page.assertClean();
    });
  }
});

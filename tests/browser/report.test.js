// @brief The public "report a problem" form: a view of the page reached from a listing (no
// history entry), no account, a clear answer, stored for the moderators (checked through
// the API), accessible, a way back to its listing, and nothing leaves our origin.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, openPage, visit, tokens, axe, stopOwnServer, pageState, PHONE } = require('./support.js');

describe('report a problem', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  it('files a report from a listing, with no account', { timeout: 60000 }, async () => {
    const page = await openPage(browser, { viewport: PHONE });
    await visit(page, '/?q=group');
    await page.locator('#results a[data-listing]').first().click();
    await page.waitForSelector('#detail-title:focus');
    const name = await page.textContent('#detail-title');
    const length = await page.evaluate(() => history.length);
    await page.getByRole('link', { name: 'Report a problem with this listing' }).click();
    await page.waitForSelector('#report-title:focus');
    const id = (await pageState(page)).listing;
    assert.equal((await pageState(page)).view, 'report');
    assert.equal(page.url(), page.base + '/', 'the address stays bare');
    assert.equal(await page.evaluate(() => history.length), length, 'no history entry');
    assert.equal(await page.textContent('#listing-name'), 'Listing: ' + name);
    await axe(page, 'the report form');

    await page.getByRole('button', { name: 'Send report' }).click();
    assert.match(await page.textContent('#report-status'), /choose what is wrong/);

    const message = 'Meets on Wednesdays now, not Tuesdays (browser test).';
    await page.getByLabel('Wrong days or times').check();
    await page.getByLabel(/Anything that would help/).fill(message);
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForFunction(() => /Thank you/.test(document.getElementById('report-status').textContent));
    assert.equal(await page.locator('#report-form').isHidden(), true);
    await page.assertClean();

    // Stored for the moderators, with what was said and nothing about who said it.
    const { moderator } = await tokens();
    const r = await fetch(page.base + '/api/v1/reports?open=1', { headers: { Authorization: 'Bearer ' + moderator } });
    assert.equal(r.status, 200);
    const filed = (await r.json()).reports.find((x) => x.message === message);
    assert.ok(filed, 'the report is in the moderators\' list');
    assert.equal(filed.listing_id, id);
    assert.equal(filed.category, 'wrong_schedule');
    assert.deepEqual(Object.keys(filed).sort(), ['category', 'created_at', 'id', 'listing_id', 'message', 'status']);

    // Its own way back: to the listing it reported.
    await page.getByRole('link', { name: '← Back to the listing' }).click();
    await page.waitForSelector('#detail-title:focus');
    assert.equal(await page.textContent('#detail-title'), name);
    assert.equal(await page.evaluate(() => history.length), length, 'no history entry');
  });

  it('explains a link that names no listing', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await page.goto(page.base + '/?view=report&listing=no-such-listing');
    await page.waitForFunction(() => document.getElementById('report-status') && document.getElementById('report-status').textContent !== '');
    assert.match(await page.textContent('#report-status'), /does not name a listing/);
    assert.equal(await page.locator('#report-form').count(), 0);
    await axe(page, 'the report view of an unknown listing');
    await page.assertClean();
  });
});

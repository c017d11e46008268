// @brief The place box: suggestions from /api/v1/places (mouse and keyboard), a postal
// code that applies as it is typed, an unknown place, and "use my location".
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, openPage, visit, status, shot, stopOwnServer, pageState, PHONE, DESKTOP } = require('./support.js');

describe('place box', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  it('suggests places and applies the one chosen with the keyboard', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { viewport: PHONE });
    await visit(page, '/?q=group');
    await page.locator('#near').pressSequentially('Mosc', { delay: 20 });
    const options = page.locator('#place-options [role=option]');
    await options.first().waitFor();
    assert.equal(await page.getAttribute('#near', 'aria-expanded'), 'true');
    const texts = await options.allInnerTexts();
    const idaho = texts.indexOf('Moscow, Idaho, United States');
    assert.ok(idaho >= 0, texts.join(' | '));
    await shot(page, 'place-suggestions-phone');
    for (let i = 0; i <= idaho; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('#near', 'aria-activedescendant'), 'place-opt-' + idaho);
    await page.keyboard.press('Enter');
    await status(page, /for “group” within 50 km of Moscow, Idaho, United States/);
    assert.equal(await page.inputValue('#near'), 'Moscow, Idaho, United States');
    assert.equal(await page.locator('#place-options').isHidden(), true);
    assert.equal((await pageState(page)).near, 'Moscow, Idaho, US');
    assert.match(await page.locator('#chips').innerText(), /Within 50 km of Moscow, Idaho, United States/);
    await page.assertClean();
  });

  it('applies a postal code as it is typed and shows distances', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/');
    await page.locator('#near').pressSequentially('83843', { delay: 20 });
    await status(page, /within 50 km of Moscow, Idaho, United States/);
    assert.equal((await pageState(page)).near, '83843');
    const moscow = page.locator('#results li', { hasText: 'Moscow Bipolar Peer Circle' });
    assert.match(await moscow.locator('.facts').innerText(), /Where\s+In person · less than 1 mi away · Moscow, Idaho, 83843/);
    const pullman = page.locator('#results li', { hasText: 'Pullman Anxiety Peer Group' });
    assert.match(await pullman.locator('.facts').innerText(), /In person · 8.7 mi away · Pullman, Washington, 99163/);
    // Online groups that serve the place come in their own group.
    const online = page.locator('#serving li', { hasText: 'Online Bipolar Peer Circle' });
    assert.match(await online.locator('.facts').innerText(), /Online · serves your area/);
    // Nearest first is offered once there is a place.
    await page.selectOption('#sort', 'distance');
    await status(page, /within 50 km/);
    assert.equal(await page.locator('#results h3').first().innerText(), 'Moscow Bipolar Peer Circle');
    await page.assertClean();
  });

  it('says so when a place is unknown', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/');
    await page.fill('#near', 'Nowhereville');
    await page.press('#near', 'Enter');
    await page.waitForSelector('#place-error:not([hidden])');
    assert.match(await page.textContent('#place-error'), /We could not find “Nowhereville”/);
    assert.equal(await page.getAttribute('#near', 'aria-invalid'), 'true');
    assert.match(await page.textContent('#status'), /No place found/);
    await page.fill('#near', '');
    await page.press('#near', 'Enter');
    await status(page, /^14 results/);
    assert.equal(await page.locator('#place-error').isHidden(), true);
    await page.assertClean();
  });

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    it(`keeps words typed just before "Use my location" (${size})`, { timeout: 30000 }, async () => {
      const page = await openPage(browser, {
        viewport, geolocation: { latitude: 46.7312, longitude: -117.0021 }, permissions: ['geolocation'],
      });
      await visit(page, '/');
      await page.locator('#q').pressSequentially('bipolar', { delay: 10 });
      await page.click('#locate'); // well within the typing debounce
      await status(page, /^\d+ results? for “bipolar” within 50 km of Moscow, Idaho/);
      assert.equal(await page.inputValue('#q'), 'bipolar');
      assert.deepEqual(await page.evaluate(() => [history.state.q, history.state.lat, history.state.lon]), ['bipolar', 46.73, -117]);
      await page.assertClean();
    });
  }

  it('uses my location, sending only coordinates to our server', { timeout: 30000 }, async () => {
    const page = await openPage(browser, {
      geolocation: { latitude: 46.7312, longitude: -117.0021 }, permissions: ['geolocation'],
    });
    await visit(page, '/?q=bipolar');
    await page.click('#locate');
    await status(page, /within 50 km of Moscow, Idaho/);
    assert.deepEqual(await page.evaluate(() => [history.state.q, history.state.lat, history.state.lon]), ['bipolar', 46.73, -117]);
    assert.equal(await page.inputValue('#near'), 'Near me (Moscow, Idaho, United States)');
    assert.ok(page.record.requests.some((u) => /\/api\/v1\/search\?q=bipolar&lat=46\.73&lon=-117/.test(u)));
    // Searching again keeps the location rather than sending the box's text.
    await page.click('button[type=submit]');
    await status(page, /within 50 km of Moscow, Idaho/);
    assert.deepEqual(await page.evaluate(() => [history.state.lat, history.state.lon]), [46.73, -117]);
    await page.assertClean();

    const denied = await openPage(browser); // no permission given
    await visit(denied, '/');
    await denied.click('#locate');
    await denied.waitForSelector('#place-error:not([hidden])');
    assert.match(await denied.textContent('#place-error'), /location is not available/);
    await denied.assertClean();
  });
});

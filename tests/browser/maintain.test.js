// @brief The staff pages (maintain.html, moderate.html) through the real server, store and
// index: a maintainer edits a listing, sees a bad value flagged at its field, fixes it and
// sees what will change; a moderator approves it and search finds the new words at once;
// a rejection's reason reaches the maintainer; "Still accurate"; public reports; wrong
// tokens; the token kept in memory only; axe-core on both pages.
//
// The maintainer (support.js) may change the listings of MAINTAINER_ORG (the Dublin
// warmline) and MAINTAINER_LISTING (a stale Calgary listing); no other browser test
// asserts on those two, so the changes made here do not disturb them.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, openPage, visit, status, axe, shot, tokens, stopOwnServer, MAINTAINER_ORG, MAINTAINER_LISTING, PHONE, DESKTOP } = require('./support.js');

const DUBLIN = 'fixture-dublin-warmline';
const today = () => new Date().toISOString().slice(0, 10); // the server's date is UTC

// Opens a staff page and signs in; resolves once its lists are shown.
async function signIn(page, file, token) {
  await page.goto(page.base + '/' + file);
  await page.fill('#token', token);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#work:not([hidden])');
  await page.waitForFunction(() => document.activeElement && /^(listings|queue)-title$/.test(document.activeElement.id));
}

// The live region says something matching `pattern`.
async function said(page, pattern) {
  await page.waitForFunction((src) => new RegExp(src).test(document.getElementById('page-status').textContent), pattern.source);
  return page.textContent('#page-status');
}

// A diff as [{field, kind, before, after}] (the words a reader sees).
function readDiff(locator) {
  return locator.locator('li.change').evaluateAll((items) => items.map((li) => ({
    field: li.dataset.field,
    kind: li.querySelector('.change-kind').textContent,
    before: li.querySelector('.before .value') ? li.querySelector('.before .value').textContent : null,
    after: li.querySelector('.after .value') ? li.querySelector('.after .value').textContent : null,
    added: [...li.querySelectorAll('ins')].map((n) => n.textContent),
  })));
}

// The error shown for a control: its aria-describedby names an element in the same field.
async function fieldError(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const ids = (c.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    const errors = ids.map((id) => document.getElementById(id)).filter((n) => n && n.classList.contains('field-error'));
    return { invalid: c.getAttribute('aria-invalid'), near: errors.every((e) => e.closest('.field, fieldset') === c.closest('.field, fieldset')),
      text: errors.map((e) => e.textContent).join(' | '), focused: document.activeElement === c || c.contains(document.activeElement) };
  }, selector);
}

async function api(base, method, path, body, token) {
  const r = await fetch(base + '/api/v1/' + path, { method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}) },
    body: body && JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
}

describe('maintainer and moderator pages', () => {
  let browser, people;
  before(async () => { browser = await launch(); people = await tokens(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  it('says clearly when a token is wrong, or for the other page', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { viewport: PHONE });
    for (const file of ['maintain.html', 'moderate.html']) {
      await page.goto(page.base + '/' + file);
      assert.equal(await page.getAttribute('meta[name=robots]', 'content'), 'noindex, nofollow');
      assert.match(await page.textContent('#token-hint'), /memory only:\s+never in cookies, local storage/);
      assert.equal(await page.getAttribute('a.home-link', 'href'), '/');
      await page.fill('#token', 'kdr_000000000000_not-a-real-secret');
      await page.click('#signin-form button[type=submit]');
      await page.waitForSelector('#token-error:not([hidden])');
      assert.match(await page.textContent('#token-error'), /That token was not accepted: it is unknown, incomplete or revoked/);
      assert.equal(await page.getAttribute('#token', 'aria-invalid'), 'true');
      assert.match(await page.getAttribute('#token', 'aria-describedby'), /token-error/);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'token');
      assert.equal(await page.locator('#work').isHidden(), true);
    }
    // A maintainer's token on the moderation page: which page it belongs to.
    await page.fill('#token', people.maintainer);
    await page.click('#signin-form button[type=submit]');
    await page.waitForFunction(() => /maintainer's token/.test(document.getElementById('token-error').textContent));
    assert.equal(await page.getAttribute('#token-error a', 'href'), '/maintain.html');
    assert.equal(await page.locator('#work').isHidden(), true);
    await shot(page, 'staff-wrong-token-phone');
    await page.assertClean();
  });

  it('edits a listing: a bad value is flagged at its field, the fix shows what will change, approval makes it searchable at once',
    { timeout: 60000 }, async () => {
      const page = await openPage(browser);
      await signIn(page, 'maintain.html', people.maintainer);
      assert.match(await page.textContent('#scope'), new RegExp(MAINTAINER_ORG.replace(/[()]/g, '\\$&')));
      const row = page.locator(`#listings li[data-listing="${DUBLIN}"]`);
      assert.match(await row.locator('h3').innerText(), /Dublin Peer Warmline \(fixture\)/);
      await row.locator('button.edit').click();
      await page.waitForSelector('#editor-title:focus');
      assert.equal(await page.textContent('#editor-title'), 'Edit “Dublin Peer Warmline (fixture)”');
      // Prefilled from the listing as it stands.
      assert.equal(await page.inputValue('#f-id'), DUBLIN);
      assert.equal(await page.getAttribute('#f-id', 'readonly'), '');
      assert.match(await page.inputValue('#f-description'), /^Synthetic test fixture\. An evening phone line/);
      assert.equal(await page.inputValue('#f-phone'), '+35315550100');
      assert.equal(await page.inputValue('#f-area'), 'IE');
      assert.equal(await page.inputValue('#f-cost'), 'free');
      assert.deepEqual(await page.locator('fieldset[data-path=languages] .choice-list input:checked').evaluateAll((l) => l.map((c) => c.value)), ['en', 'ga']);
      assert.equal(await page.locator('fieldset[data-path=attendance] input[value=phone]').isChecked(), true);

      const description = (await page.inputValue('#f-description')) + ' Kittiwake evenings: tea and a chat.';
      await page.fill('#f-description', description);
      await page.fill('#f-url', 'not-a-url');
      await page.click('#send');
      await page.waitForSelector('#problems:not([hidden])');
      assert.match(await page.textContent('#problems-title'), /^1 problem to fix\. Nothing was sent for review\./);
      const bad = await fieldError(page, '#f-url');
      assert.deepEqual(bad, { invalid: 'true', near: true, text: '"not-a-url" must be an http:// or https:// URL', focused: true });
      assert.match(await page.textContent('#problems-list'), /Website: "not-a-url" must be an http/);
      await axe(page, 'the listing form with a problem');
      await shot(page, 'maintain-problem-desktop');

      await page.fill('#f-url', 'https://fixture.example/dublin');
      await page.click('#send');
      await page.waitForSelector('#result-title:focus');
      assert.equal(await fieldError(page, '#f-url').then((e) => e.invalid), null, 'the old problem is gone');
      assert.match(await page.textContent('#result-summary'), /^Submission #\d+ \(an update to fixture-dublin-warmline\) is waiting for review\./);
      const id = await page.getAttribute('#result', 'data-submission');
      // Only what was changed: the fields the form shows but nobody touched stay as they were.
      const diff = await readDiff(page.locator('#result-diff'));
      assert.deepEqual(diff.map((c) => [c.field, c.kind]), [['description', 'Changed'], ['contact.url', 'Added']]);
      assert.deepEqual(diff[0].added.map((t) => t.replace(/^\[added: |\]$/g, '')), [' Kittiwake evenings: tea and a chat.']);
      assert.equal(diff[1].after, 'https://fixture.example/dublin');
      assert.equal(diff[1].before, null);
      await said(page, /Sent for review as submission #\d+/);
      await shot(page, 'maintain-sent-desktop');

      // The moderator sees it in the queue with the same diff, and approves it.
      const mod = await openPage(browser);
      await signIn(mod, 'moderate.html', people.moderator);
      const item = mod.locator(`#queue li[data-submission="${id}"]`);
      assert.equal(await item.locator('h3').innerText(), 'Update: Dublin Peer Warmline (fixture)');
      assert.match(await item.locator('.meta').innerText(), /by Browser Maintainer/);
      assert.deepEqual((await readDiff(item)).map((c) => [c.field, c.kind, c.after && c.after.includes('Kittiwake')]),
        [['description', 'Changed', true], ['contact.url', 'Added', false]]);
      await axe(mod, 'the moderation queue');
      await shot(mod, 'moderate-queue-desktop');
      await item.locator('button[data-action=approve]').click();
      assert.match(await said(mod, /live in search now/), /^Approved: “Dublin Peer Warmline \(fixture\)” is live in search now\.$/);
      const approved = Date.now();
      assert.equal(await item.count(), 0, 'gone from the queue');
      assert.match(await mod.locator(`#decided li[data-submission="${id}"]`).innerText(), /live in search now/);

      // Search finds the new words within a second, with no restart.
      let found = 0;
      while (Date.now() - approved < 1000 && !found) found = (await api(page.base, 'GET', 'search?q=kittiwake')).body.total;
      assert.equal(found, 1, 'found within a second of approval');
      const searcher = await openPage(browser);
      await visit(searcher, '/?q=kittiwake');
      await status(searcher, /^1 result for “kittiwake”/);
      assert.equal(await searcher.locator('#results h3').innerText(), 'Dublin Peer Warmline (fixture)');

      // The maintainer sees it approved.
      await page.click('#result-back');
      await page.click('#refresh');
      await said(page, /Up to date/);
      assert.match(await page.locator(`#submissions li[data-submission="${id}"] .state`).innerText(), /^Approved$/);
      for (const p of [page, mod, searcher]) await p.assertClean();
    });

  it('a new listing: problems at their groups, then a rejection whose reason the maintainer sees', { timeout: 60000 }, async () => {
    const page = await openPage(browser);
    await signIn(page, 'maintain.html', people.maintainer);
    await page.click('#new-listing');
    await page.waitForSelector('#editor-title:focus');
    assert.equal(await page.textContent('#editor-title'), 'New listing');
    assert.equal(await page.getAttribute('#f-id', 'readonly'), null, 'the id is editable');
    assert.equal(await page.inputValue('#f-org'), MAINTAINER_ORG);
    await page.fill('#f-id', 'browser-peer-cafe');
    await page.fill('#f-name', 'Browser Peer Cafe (test)');
    await page.selectOption('#f-kind', 'drop-in-center');
    await page.fill('#f-description', 'A test listing that a moderator rejects.');
    await page.check('fieldset[data-path=attendance] input[value=online]');
    await page.check('fieldset[data-path=languages] input[value=en]');
    await page.selectOption('#f-cost', 'free');
    await page.selectOption('#f-facilitation', 'peer-led');
    await page.fill('#f-email', 'cafe@fixture.example');
    await page.fill('#f-area', 'ie');
    await page.fill('#f-source', 'Synthetic fixture');
    await page.click('#add-meeting');
    await page.fill('.meeting [data-field=start]', '19:00');
    await page.fill('.meeting [data-field=end]', '19:00');
    await page.fill('.meeting [data-field=timezone]', 'Europe/Dublin');
    await page.click('#send');
    await page.waitForSelector('#problems:not([hidden])');
    // No topic ticked: said at the Topics group, whose first box has the focus; no day and
    // an end equal to the start: said in the meeting.
    const topics = await page.evaluate(() => {
      const box = document.querySelector('fieldset[data-path=topics]');
      const err = document.getElementById(box.getAttribute('aria-describedby'));
      return { text: err && err.textContent, inside: !!err && box.contains(err), focus: box.contains(document.activeElement) };
    });
    assert.deepEqual(topics, { text: 'This is required.', inside: true, focus: true });
    assert.match((await fieldError(page, '.meeting [data-field=end]')).text, /"19:00" is the same as start "19:00"/);
    assert.match(await page.locator('.meeting fieldset.days .field-error').innerText(), /This is required\./);
    await page.check('fieldset[data-path=topics] input[value=stigma]');
    await page.check('.meeting fieldset.days input[value=th]');
    await page.fill('.meeting [data-field=end]', '20:30');
    await page.click('#send');
    await page.waitForSelector('#result-title:focus');
    assert.match(await page.textContent('#result-summary'), /\(a new listing, browser-peer-cafe\) is waiting for review/);
    const added = await readDiff(page.locator('#result-diff'));
    assert.ok(added.every((c) => c.kind === 'Added'));
    assert.deepEqual(added.find((c) => c.field === 'service_area').after, 'IE');
    assert.equal(added.find((c) => c.field === 'last_verified').after, today());
    assert.match(added.find((c) => c.field === 'schedule').after, /^Every Thursday, 7:00\sPM–8:30\sPM, /);

    const mod = await openPage(browser, { viewport: PHONE });
    await signIn(mod, 'moderate.html', people.moderator);
    const item = mod.locator('#queue li[data-listing="browser-peer-cafe"]');
    assert.equal(await item.locator('h3').innerText(), 'New listing: Browser Peer Cafe (test)');
    await item.locator('button[data-action=reject]').click();
    // A rejection needs a reason, said at the reason box.
    const reason = item.locator('textarea');
    await mod.waitForFunction((sel) => document.querySelector(sel).getAttribute('aria-invalid') === 'true', '#queue li[data-listing="browser-peer-cafe"] textarea');
    assert.match(await item.locator('.decide .error:not(.item-error)').innerText(), /Say why it is rejected/);
    assert.equal(await reason.evaluate((n) => n === document.activeElement), true);
    await axe(mod, 'the queue on a phone, with a problem');
    await shot(mod, 'moderate-queue-phone');
    await reason.fill('Please add a source we can check.');
    await item.locator('button[data-action=reject]').click();
    await said(mod, /^Rejected: “Browser Peer Cafe \(test\)”/);
    assert.equal(await item.count(), 0);

    await page.click('#result-back');
    await page.click('#refresh');
    await said(page, /Up to date/);
    const mine = page.locator('#submissions li[data-listing="browser-peer-cafe"]');
    assert.match(await mine.locator('.state').innerText(), /^Rejected$/);
    assert.match(await mine.locator('.reason').innerText(), /^Why it was rejected: Please add a source we can check\.$/);
    await page.assertClean();
    await mod.assertClean();
  });

  it('"Still accurate" moves last_verified to today', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await signIn(page, 'maintain.html', people.maintainer);
    const row = page.locator(`#listings li[data-listing="${MAINTAINER_LISTING}"]`);
    assert.match(await row.locator('.verified').innerText(), /Over a year ago/);
    const before = await row.locator('.verified time').getAttribute('datetime');
    assert.ok(before < today());
    await row.locator('button.verify').click();
    await said(page, /is marked as still accurate: last verified today/);
    assert.equal(await row.locator('.verified time').getAttribute('datetime'), today());
    assert.equal(await row.locator('.stale').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('verify')), true, 'the focus stays on the button');
    const pub = await api(page.base, 'GET', 'listings/' + MAINTAINER_LISTING);
    assert.equal(pub.body.listing.last_verified, today());
    // The moderator's stale list no longer has it.
    const mod = await openPage(browser);
    await signIn(mod, 'moderate.html', people.moderator);
    assert.equal(await mod.locator(`#stale li[data-listing="${MAINTAINER_LISTING}"]`).count(), 0);
    assert.ok(await mod.locator('#stale li').count() > 0);
    await page.assertClean();
    await mod.assertClean();
  });

  it('a report filed through the API reaches the moderator and the maintainer', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    const filed = await api(page.base, 'POST', 'reports', { listing_id: DUBLIN, category: 'wrong_schedule', message: 'They answer on Thursdays only now.' });
    assert.equal(filed.status, 202);
    const id = filed.body.report.id;
    await signIn(page, 'maintain.html', people.maintainer);
    const mine = page.locator(`#reports li[data-report="${id}"]`);
    assert.match(await mine.innerText(), /^Wrong meeting times: Dublin Peer Warmline \(fixture\)/);
    assert.match(await mine.innerText(), /What they said: They answer on Thursdays only now\./);

    const mod = await openPage(browser);
    await signIn(mod, 'moderate.html', people.moderator);
    assert.match(await mod.textContent('#reports-count'), /\((\d+)\)/);
    const item = mod.locator(`#reports li[data-report="${id}"]`);
    assert.match(await item.innerText(), /^Wrong meeting times: Dublin Peer Warmline \(fixture\)/);
    await item.locator('button').click();
    await said(mod, new RegExp(`Report #${id} resolved`));
    assert.equal(await item.count(), 0);
    await page.click('#refresh');
    await said(page, /Up to date/);
    assert.equal(await mine.count(), 0, 'resolved: gone for the maintainer too');
    await page.assertClean();
    await mod.assertClean();
  });

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    it(`has no axe-core violations, fits the screen and keeps the token in memory only (${size})`, { timeout: 60000 }, async () => {
      const page = await openPage(browser, { viewport });
      for (const file of ['maintain.html', 'moderate.html']) {
        await page.goto(page.base + '/' + file);
        await axe(page, file + ' signed out');
      }
      await signIn(page, 'maintain.html', people.maintainer);
      await axe(page, 'the maintainer page signed in');
      await shot(page, 'maintain-' + size);
      await page.locator(`#listings li[data-listing="${DUBLIN}"] button.edit`).click();
      await page.waitForSelector('#editor-title:focus');
      await page.click('#add-meeting');
      await axe(page, 'the listing form');
      await shot(page, 'maintain-form-' + size);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= viewport.width, `the form is ${wide} px wide`);
      // Nothing of the token is kept by the browser; a reload signs out.
      assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]), [0, 0, '']);
      const html = await page.content();
      assert.ok(!html.includes(people.maintainer), 'the token is not in the page');
      await page.reload();
      assert.equal(await page.locator('#signin').isVisible(), true);
      assert.equal(await page.locator('#work').isHidden(), true);

      await signIn(page, 'moderate.html', people.moderator);
      await page.evaluate(() => document.querySelectorAll('#submissions details, details').forEach((d) => { d.open = true; }));
      await axe(page, 'the moderation page signed in');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= viewport.width);
      await shot(page, 'moderate-' + size);
      await page.click('#sign-out');
      await said(page, /Signed out/);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'token');
      await page.assertClean();
    });
  }
});

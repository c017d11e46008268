// @brief The referral list: add from results and the detail view, the sheet's contents,
// print media (A4 and Letter), copy as plain text, the share link, and localStorage only
// when the user opts in.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { launch, openPage, visit, status, shot, stopOwnServer, pageState, axe, PHONE, DESKTOP } = require('./support.js');

// Page count and size (points) of a PDF that Chromium printed.
function pdfInfo(buffer) {
  const s = buffer.toString('latin1');
  const count = Math.max(...[...s.matchAll(/\/Count (\d+)/g)].map((m) => +m[1]));
  const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(s);
  return { pages: count, width: Math.round(+box[1]), height: Math.round(+box[2]) };
}

// The text of the sheet's QR code, decoded by jsQR (an independent reader) from a
// screenshot of the code drawn large on a blank page (one without the page's CSP).
async function readQr(browser, page) {
  const svg = await page.locator('#sheet svg.qr').evaluate((e) => e.outerHTML);
  const blank = await browser.newPage();
  await blank.setContent('<body style="margin:0">' + svg.replace('<svg', '<svg width="560" height="560"') + '</body>');
  const png = (await blank.locator('svg').screenshot()).toString('base64');
  await blank.addScriptTag({ content: fs.readFileSync(require.resolve('jsqr/dist/jsQR.js'), 'utf8') });
  const text = await blank.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const found = window.jsQR(g.getImageData(0, 0, c.width, c.height).data, c.width, c.height);
    return found ? found.data : null;
  }, png);
  await blank.close();
  return text;
}

describe('referral list', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  it('collects listings into a printable sheet with contacts, times and verification dates', { timeout: 40000 }, async () => {
    const page = await openPage(browser, { timezoneId: 'Europe/London' });
    await visit(page, '/?q=bipolar');
    const add = (name) => page.locator('#results li', { hasText: name }).locator('button.add');
    await add('Moscow Bipolar Peer Circle').click();
    assert.match(await add('Moscow Bipolar Peer Circle').innerText(), /^Remove from list/);
    assert.equal(await page.textContent('#list-count'), '(1)');
    // The announcement's words come with the views' catalog (views.<lang>.json), which the
    // first add may still be fetching: wait for it rather than read it at once.
    await page.waitForFunction(() => /Added to the referral list \(1\)/.test(document.querySelector('#list-status').textContent),
      null, { timeout: 5000 });
    // From the detail view too.
    await page.locator('#results a', { hasText: 'Online Bipolar Peer Circle' }).click();
    await page.waitForSelector('#detail-title:focus');
    await page.locator('#detail-view button.add').click();
    assert.equal(await page.textContent('#list-count'), '(2)');
    assert.deepEqual((await pageState(page)).list, ['fixture-moscow-bipolar-group', 'fixture-online-bipolar-circle']);
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing stored without opting in');

    await page.click('#list-link');
    await page.waitForSelector('#list-title:focus');
    assert.equal((await pageState(page)).view, 'list');
    const items = page.locator('#sheet .sheet-item');
    assert.equal(await items.count(), 2);
    const moscow = await items.nth(0).innerText();
    assert.match(moscow, /Moscow Bipolar Peer Circle/);
    assert.match(moscow, /Address\s+Moscow, Idaho, 83843\s+United States/);
    // Meeting times in the group's own stated zone, whatever the reader's zone.
    assert.match(moscow, /When\s+Every Tuesday, 6:30\sPM–8:00\sPM, Pacific Time \(Los Angeles\)/);
    assert.match(moscow, /Website\s+https:\/\/fixture\.example\/moscow/);
    // Stale by the freshness rule, but paper carries no warning badge: the date says it.
    assert.match(moscow, /Verified\s+Jun 1, 2025$/m);
    assert.doesNotMatch(await page.locator('#sheet').innerText(), /out of date|⚠/);
    const online = await items.nth(1).innerText();
    assert.match(online, /When\s+Every Wednesday, 7:00\sPM–8:30\sPM, Eastern Time \(New York\)/);
    assert.match(online, /Email\s+circle@fixture\.example/);
    assert.match(online, /How to join\s+Register on the website/);
    assert.match(online, /Verified\s+Sep 1, 2026/);
    assert.match(await page.locator('#sheet').innerText(), /Peer support is not crisis care\. In crisis: 988 Suicide & Crisis Lifeline: call 988, text 988/);
    await shot(page, 'referral-list-screen');

    // On paper: only the sheet, and it fits the narrower page (A4: 210 mm - 2 x 15 mm).
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['#crisis', 'form[role=search]', '.tools', '#help', 'footer', '#sheet button']) {
      assert.equal(await page.locator(hidden).first().isVisible(), false, hidden + ' is not printed');
    }
    assert.equal(await page.locator('#sheet').isVisible(), true);
    await page.setViewportSize({ width: 680, height: 1000 });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 680), true, 'fits 180 mm');
    await shot(page, 'referral-list-print');
    for (const [format, width, height] of [['A4', 595, 842], ['Letter', 612, 792]]) {
      const info = pdfInfo(await page.pdf({ format, printBackground: false }));
      assert.ok(Math.abs(info.width - width) <= 1 && Math.abs(info.height - height) <= 1, format + ': ' + JSON.stringify(info));
      assert.equal(info.pages, 1, format + ': two listings fit one page');
    }
    await page.emulateMedia({ media: 'screen' });
    await page.assertClean();
  });

  it('copies the list as plain text and shares it as a link', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await visit(page, '/?list=fixture-pullman-anxiety-group,fixture-moscow-bipolar-group');
    await page.click('#list-link');
    await page.waitForSelector('#sheet');
    await page.click('#copy-text');
    await page.waitForFunction(() => /copied/.test(document.querySelector('.copied').textContent));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const lines = copied.split('\n');
    assert.match(lines[0], /^Kindred peer support referral list\. \w{3} \d+, \d{4}\. Times are in each group's own time zone\./);
    assert.equal(lines[2], '1. Pullman Anxiety Peer Group (fixture)');
    assert.ok(lines.includes('   Address: Community Room B, 100 Main Street, Pullman, Washington, 99163, United States'), copied);
    assert.ok(lines.includes('   When: The first Thursday of the month, 12:00 PM–1:00 PM, Pacific Time (Los Angeles)'), copied);
    assert.ok(lines.includes('   Phone: (509) 555-0100'), copied);
    assert.ok(lines.includes('   Verified: Jun 1, 2025'), copied);
    assert.match(copied, /Peer support is not crisis care/);
    assert.doesNotMatch(copied, /[<>]/);

    // The share link opens the same list elsewhere (a new browser context: another device).
    const link = await page.inputValue('#share-link');
    // It opens in the language of the sheet (issue 13).
    assert.equal(link, page.base + '/?view=list&list=fixture-pullman-anxiety-group,fixture-moscow-bipolar-group&lang=en');
    await page.click('#copy-link');
    await page.waitForFunction(() => /link copied/i.test(document.querySelector('.copied').textContent));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    const other = await openPage(browser);
    await other.goto(link);
    await other.waitForSelector('#sheet');
    assert.deepEqual(await other.locator('#sheet h3').allInnerTexts(),
      ['Pullman Anxiety Peer Group (fixture)', 'Moscow Bipolar Peer Circle']);
    // The client gets the programs, not the clinician's tools.
    for (const staff of ['#print-list', '#copy-text', '#clear-list', '#share-link', '#remember', '#sheet-client', '#sheet-notes', '#list-view button.add']) {
      assert.equal(await other.locator(staff).count(), 0, staff + ' is not on a shared list');
    }
    await page.assertClean();
    await other.assertClean();
  });

  it('keeps the list in localStorage only when asked, and only the ids', { timeout: 30000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/?list=fixture-moscow-bipolar-group');
    await page.click('#list-link');
    await page.waitForSelector('#sheet');
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.check('#remember');
    assert.deepEqual(await page.evaluate(() => ({ ...localStorage })), { 'kindred.referral-list': 'fixture-moscow-bipolar-group' });
    // A later visit without a list in its URL gets the remembered one back.
    await visit(page, '/?q=panic');
    assert.equal(await page.textContent('#list-count'), '(1)');
    assert.deepEqual(await page.evaluate(() => [history.state.q, history.state.list]), ['panic', ['fixture-moscow-bipolar-group']]);
    await page.locator('#results li', { hasText: 'Pullman' }).locator('button.add').click();
    assert.equal(await page.evaluate(() => localStorage.getItem('kindred.referral-list')),
      'fixture-moscow-bipolar-group,fixture-pullman-anxiety-group');
    // Searches are never stored.
    assert.doesNotMatch(JSON.stringify(await page.evaluate(() => ({ ...localStorage, ...sessionStorage }))), /panic/);
    await page.click('#list-link');
    await page.waitForSelector('#sheet');
    await page.uncheck('#remember');
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.click('#clear-list');
    await page.waitForSelector('#list-view:not(:has(#sheet))');
    assert.equal(await page.textContent('#list-count'), '(0)');
    await page.assertClean();
  });

  it('writes phones the way their country does', { timeout: 20000 }, async () => {
    const page = await openPage(browser);
    await visit(page, '/');
    const got = await page.evaluate(async (numbers) => {
      const { fmtPhone } = await import('/format.js');
      return numbers.map(fmtPhone);
    }, ['+12088831045', '+442079460000', '+447700900123', '+448001234567', '+61212345678', '+61412345678',
      '+611800123456', '+33123456789', '+4930123456', '988', '']);
    assert.deepEqual(got, ['(208) 883-1045', '020 7946 0000', '07700 900123', '0800 123 4567', '(02) 1234 5678',
      '0412 345 678', '1800 123 456', '+33 123 456 789', '+49 301 234 56', '988', '']);
    await page.assertClean();
  });

  for (const [size, viewport] of [['375x667', PHONE], ['1280x800', DESKTOP]]) {
    it(`hands over three programs on one page, with the client's name and notes never sent or stored (${size})`,
      { timeout: 60000 }, async () => {
        const page = await openPage(browser, { viewport });
        const sent = [];
        page.on('request', (r) => sent.push(r.url() + ' ' + (r.postData() || '')));
        await visit(page, '/?q=bipolar');
        // The sheet's code is not part of a search: fetched only when the list opens.
        assert.equal(sent.filter((u) => /\/(sheet|qr)\.(js|css)/.test(u)).length, 0, 'a search loads no sheet code');
        await visit(page, '/?list=fixture-pullman-anxiety-group,fixture-moscow-bipolar-group,fixture-online-bipolar-circle');
        await page.click('#list-link');
        await page.waitForSelector('#sheet-client');
        assert.equal(sent.filter((u) => /\/sheet\.js /.test(u)).length, 1, 'the list view fetched sheet.js');
        await page.waitForFunction(() => [...document.styleSheets].some((s) => /sheet\.css$/.test(s.href || '')));
        assert.match(await page.textContent('.sheet-title'), /^Kindred peer support referral list$/);
        assert.match(await page.textContent('.sheet-date'), /^\w{3} \d+, \d{4}$/);
        await page.fill('#sheet-client', 'Client Fixture-Name');
        await page.fill('#sheet-notes', 'Fixture note: ask about Tuesday evenings');
        assert.equal(await page.locator('#sheet a[href^="tel:"]').first().innerText(), '(509) 555-0100');
        assert.match(await page.locator('.sheet-foot a').innerText(), /^127\.0\.0\.1:\d+\/\?view=list&list=fixture-pullman/);
        // The QR code carries the share link: read back by jsQR from a picture of it.
        assert.equal(await readQr(browser, page), 'http://' + await page.locator('.sheet-foot a').innerText());
        await axe(page, 'the referral sheet ' + size);
        await shot(page, 'referral-sheet-screen-' + size);

        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.locator('#sheet-client').isVisible(), false);
        assert.match(await page.locator('.sheet-field .print-copy').first().innerText(), /Client Fixture-Name/);
        assert.match(await page.locator('.sheet-field.notes .print-copy').innerText(), /ask about Tuesday evenings/);
        assert.equal(await page.locator('#sheet .sheet-item').count(), 3);
        // Letter's printable area at 15 mm margins, in CSS pixels: the whole sheet in one shot.
        await page.setViewportSize({ width: 703, height: 943 });
        await shot(page, 'referral-sheet-print-' + size);
        for (const format of ['A4', 'Letter']) {
          const info = pdfInfo(await page.pdf({ format, printBackground: false }));
          assert.equal(info.pages, 1, format + ': three programs on one page');
        }
        await page.emulateMedia({ media: 'screen' });

        // Typed, printed, and nowhere else: not in any request, the address, the history
        // entry or storage.
        const everywhere = JSON.stringify([sent, page.url(), await pageState(page),
          await page.evaluate(() => ({ ...localStorage, ...sessionStorage }))]);
        assert.doesNotMatch(everywhere, /Fixture-Name|Tuesday evenings/);
        await page.assertClean();

        // The link a client opens: the programs first, in view, and nothing to manage.
        const client = await openPage(browser, { viewport });
        await client.goto(page.base + '/?view=list&list=fixture-pullman-anxiety-group,fixture-moscow-bipolar-group,fixture-online-bipolar-circle');
        await client.waitForSelector('#sheet .sheet-item');
        const first = await client.locator('#sheet h3').first().boundingBox();
        assert.ok(first.y < viewport.height / 2, 'the first program starts in the top half of the screen: ' + JSON.stringify(first));
        assert.equal(await client.locator('form[role=search]').isVisible(), false, 'no search form above the programs');
        assert.equal(await client.locator('#list-view button, #list-view input, #list-view textarea').count(), 0);
        await axe(client, 'a shared list ' + size);
        await shot(client, 'referral-shared-' + size);
        // Back to searching, the form returns.
        await client.click('#list-view a.back');
        await client.waitForSelector('form[role=search]', { state: 'visible' });
        await client.assertClean();
      });
  }
});

// @brief A course's wording (issue 17) as web/course.js writes it in a real Chromium: the
// sessions line in the page's language and in the session's own zone, the registration
// deadline, and a term's dates on a meeting line. The sessions are those of the synthetic
// tests/fixtures/courses sleep course, as the search API gives them.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, openPage, visit, stopOwnServer } = require('./support.js');

const SESSIONS = [
  { start: '2027-01-12T18:00:00-07:00', end: '2027-01-12T20:00:00-07:00', timezone: 'America/Boise' },
  { start: '2027-01-19T18:00:00-07:00', end: '2027-01-19T20:00:00-07:00', timezone: 'America/Boise' },
];

describe('course wording', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  // What course.js says on a page opened in `locale` at `query` (the page's language).
  const say = async (locale, query, fn, ...args) => {
    const page = await openPage(browser, { locale });
    await visit(page, query);
    return page.evaluate(async ([fn, args]) => {
      const m = await import('/course.js');
      return m[fn](...args);
    }, [fn, args]);
  };

  it('says the sessions in the page\'s language, in the zone where they happen', async () => {
    assert.equal(await say('en-US', '/', 'sessionsText', SESSIONS), '2 sessions: Tue, Jan 12 and Tue, Jan 19, 6:00 – 8:00 PM');
    assert.equal(await say('en-GB', '/', 'sessionsText', SESSIONS), '2 sessions: Tue 12 Jan and Tue 19 Jan, 18:00–20:00');
    assert.match(await say('fr-FR', '/?lang=fr', 'sessionsText', SESSIONS), /^2 séances : mar\. 12 janv\. et mar\. 19 janv\., 18:00/);
    assert.match(await say('es-US', '/?lang=es', 'sessionsText', SESSIONS), /^2 sesiones: .*12.* y .*19/);
    assert.equal(await say('en-GB', '/', 'sessionsText', SESSIONS.slice(0, 1)), '1 session: Tue 12 Jan, 18:00–20:00');
  });

  it('says when registration closes, and a term\'s last day', async () => {
    assert.equal(await say('en-GB', '/', 'registrationText', { deadline: '2027-01-05' }, '2026-12-01T00:00:00Z'), 'Registration closes 5 Jan');
    assert.match(await say('es-US', '/?lang=es', 'registrationText', { deadline: '2027-01-05' }, '2026-12-01T00:00:00Z'), /^La inscripción cierra el 5 /);
    assert.match(await say('fr-CA', '/?lang=fr', 'registrationText', { deadline: '2027-01-05' }, '2027-02-01T00:00:00Z'), /^Inscriptions closes le 5 /);
    assert.equal(await say('en-GB', '/', 'meetingLine', { dates: ['2027-01-19', '2027-01-12'].sort(), start: '18:00', end: '20:00', timezone: 'America/Boise' }, null),
      '2 sessions: Tue 12 Jan and Tue 19 Jan, 18:00–20:00');
  });
});

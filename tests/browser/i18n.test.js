// @brief The page in Spanish and French (issue 13): every key the page uses is in every
// catalog; a key a catalog lacks reads English, never its name; the acceptance journeys
// (a Spanish browser finds a Spanish Tuesday depression group, a French one a grief group,
// each read, listed and printed in that language) at phone and desktop sizes with axe
// clean and no English left but marked listing text; the switcher; the crisis bar; dates.
// The server's half (Spanish and French words understood, facet labels in the page's
// language) is checked here too, through the page.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, launch, openPage, visit, status, axe, shot, stopOwnServer, PHONE, DESKTOP } = require('./support.js');

const WEB = path.join(ROOT, 'web');
const LANGS = ['en', 'es', 'fr'];
const catalog = (name) => JSON.parse(fs.readFileSync(path.join(WEB, 'i18n', name + '.json'), 'utf8'));
const both = (lang) => ({ ...catalog(lang), ...catalog('views.' + lang) });

// The files of the search page and of its lazy views (not the staff pages), and which of
// them load with the page itself (their keys must be in <lang>.json, not views.<lang>.json).
const LAZY = ['views.js', 'detail.js', 'meeting.js', 'report.js', 'sheet.js', 'empty.js', 'places.js', 'chips.js', 'corrections.js'];
const EAGER = ['app.js', 'results.js', 'format.js', 'safety.js', 'state.js', 'i18n.js'];

// Keys in code: the string literals of the first argument of t(...) and tn(...) (both
// sides of a ?:); a literal ending in "." is a prefix completed at run time ("cat." + value).
// In index.html: data-t="key" and data-ta="attr=key ...".
function keysOf(file) {
  const src = fs.readFileSync(path.join(WEB, file), 'utf8');
  const keys = { plain: new Set(), plural: new Set() };
  if (file.endsWith('.html')) {
    for (const m of src.matchAll(/data-t="([^"]+)"/g)) keys.plain.add(m[1]);
    for (const m of src.matchAll(/data-ta="([^"]+)"/g)) for (const pair of m[1].split(' ')) keys.plain.add(pair.split('=')[1]);
    return keys;
  }
  for (const m of src.matchAll(/\b(tn?)\(((?:[^(),"]|"[^"]*")*)/g)) {
    for (const lit of m[2].matchAll(/"([^"]*)"/g)) (m[1] === 'tn' ? keys.plural : keys.plain).add(lit[1]);
  }
  return keys;
}

function usedKeys(files) {
  const all = { plain: new Set(), plural: new Set() };
  for (const f of files) {
    const k = keysOf(f);
    k.plain.forEach((x) => all.plain.add(x));
    k.plural.forEach((x) => all.plural.add(x));
  }
  return all;
}

// Missing from a catalog: each plain key (a prefix: some key with it) and each plural key's
// "other" and every form the language's plural rules can ask for.
function missing(cat, used, lang) {
  const out = [];
  for (const k of used.plain) {
    if (k.endsWith('.') ? !Object.keys(cat).some((c) => c.startsWith(k)) : !(k in cat)) out.push(k);
  }
  for (const k of used.plural) {
    for (const form of new Set(['other', ...new Intl.PluralRules(lang).resolvedOptions().pluralCategories])) {
      if (!(k + '.' + form in cat)) out.push(k + '.' + form);
    }
  }
  return out;
}

describe('the page\'s languages: catalogs', () => {
  const eager = usedKeys([...EAGER, 'index.html']), lazy = usedKeys(LAZY);

  it('finds the keys it checks (the scan itself works)', () => {
    for (const k of ['skip', 'list.add', 'list.remove', 'results', 'show', 'cat.', 'nth.']) {
      assert.ok(eager.plain.has(k) || eager.plural.has(k) || lazy.plain.has(k), k + ' found in the code');
    }
    assert.ok(eager.plain.size > 80 && lazy.plain.size > 50, `${eager.plain.size} + ${lazy.plain.size} keys`);
  });

  for (const lang of LANGS) {
    it(`has every key the page uses in ${lang}`, () => {
      // The search page's keys in the catalog it loads first; a view's in either.
      assert.deepEqual(missing(catalog(lang), eager, lang), [], `web/i18n/${lang}.json lacks keys the search page uses`);
      assert.deepEqual(missing(both(lang), lazy, lang), [], `web/i18n/{,views.}${lang}.json lack keys the views use`);
    });
  }

  it('has the same keys in every language, each a non-empty text with the same {slots}', () => {
    const en = both('en');
    for (const lang of ['es', 'fr']) {
      const cat = both(lang);
      const plural = (k) => /\.(zero|one|two|few|many|other)$/.test(k);
      assert.deepEqual(Object.keys(cat).filter((k) => !(k in en) && !plural(k)), [], lang + ': keys English lacks');
      for (const [k, v] of Object.entries(cat)) {
        assert.ok(typeof v === 'string' && v.trim(), `${lang} ${k} is empty`);
        const slots = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
        const base = en[k] ?? en[k.replace(/\.\w+$/, '.other')];
        assert.equal(slots(v), slots(base), `${lang} ${k}: the same {slots} as English`);
      }
      for (const name of [lang, 'views.' + lang]) {
        const page = Object.keys(catalog(name)), enKeys = Object.keys(catalog(name.replace(lang, 'en')));
        assert.deepEqual(enKeys.filter((k) => !page.includes(k)), [], `${name}.json holds the keys of its English file`);
      }
    }
  });

  it('fails on a catalog that lacks a used key (the check can fail)', () => {
    const cat = catalog('es');
    delete cat.skip;
    delete cat['show.other'];
    assert.deepEqual(missing(cat, eager, 'es').sort(), ['show.other', 'skip']);
  });
});

// English text left on the page: every English catalog text (and the vocabulary's English
// labels, given) that the page's language does not also use, found in what a reader sees
// or hears (text, aria-label, placeholder, title, alt), outside elements marked with
// another language (listing text, names), the server's English facet labels included.
async function vocabularyLabels(base, lang = 'en') {
  const v = await (await fetch(base + '/api/v1/vocabulary?lang=' + lang)).json();
  return v.facets.flatMap((f) => [f.label, ...f.values.map((x) => x.label)]).filter(Boolean);
}
// A label the page's language shares with English ("Bipolar", a language named in itself,
// marked with its own language where it is another) is that language's word too.
async function english(page, lang, extra = []) {
  const en = both('en'), cat = both(lang), own = await vocabularyLabels(page.base, lang);
  const theirs = new Set([...Object.values(cat), ...own].flatMap((v) => v.split(/\{\w+\}/)).map((s) => s.trim()));
  const phrases = [...new Set([...Object.values(en), ...extra].flatMap((v) => v.split(/\{\w+\}/))
    .map((s) => s.replace(/^[\s(),.:;?←→“”]+|[\s(),.:;?←→“”]+$/g, ''))
    .filter((s) => /[a-z]{3}/i.test(s) && s.length >= 4 && !theirs.has(s) && ![...theirs].some((t) => t.includes(s)) ))];
  return page.evaluate(({ phrases, lang }) => {
    const seen = [];
    const foreign = (node) => { const e = node.closest('[lang]'); return e && e.getAttribute('lang') !== lang; };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) {
      const p = n.parentElement;
      if (!n.textContent.trim() || p.closest('noscript, script, style') || foreign(p) || !p.checkVisibility()) continue;
      seen.push(n.textContent);
    }
    for (const e of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      if (foreign(e)) continue;
      for (const a of ['aria-label', 'placeholder', 'title', 'alt']) if (e.getAttribute(a)) seen.push(e.getAttribute(a));
    }
    seen.push(document.title);
    const text = seen.join('\n');
    return phrases.filter((p) => new RegExp('(^|[^\\p{L}])' + p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '($|[^\\p{L}])', 'u').test(text));
  }, { phrases, lang });
}

const JOURNEYS = [
  { lang: 'es', locale: 'es-US', query: 'grupo de depresión los martes', id: 'fixture-grupo-depresion-martes',
    name: 'Grupo de Depresión de los Martes (ficticio)', results: /^\d+ resultados? (para|con algunas palabras de) «/, // the words left once read
    sheet: 'Kindred: lista de derivación a apoyo entre pares', when: /Cada martes, 6:30\sp\.\s?m\.–8:00\sp\.\s?m\., hora del Pacífico \(Los Angeles\)/, // es-US: 12 hours
    add: 'Añadir a la lista', print: 'Imprimir' },
  { lang: 'fr', locale: 'fr-CA', query: 'groupe de deuil', id: 'fixture-groupe-deuil-montreal',
    name: 'Groupe de deuil entre pairs de Montréal (fictif)', results: /^\d+ résultats? (pour|avec une partie des mots) « /,
    sheet: 'Kindred : liste d’orientation vers le soutien par les pairs', when: /Chaque jeudi, 19 h 00 à 20 h 30|Chaque jeudi, 19 h.*20 h 30/,
    add: 'Ajouter à la liste', print: 'Imprimer' },
];

describe('the page in Spanish and French', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); await stopOwnServer(); });

  for (const j of JOURNEYS) {
    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      it(`finds, reads, lists and prints a ${j.lang} group in ${j.lang} (${j.locale}, ${size})`, { timeout: 60000 }, async () => {
        const page = await openPage(browser, { viewport, locale: j.locale, permissions: ['clipboard-read', 'clipboard-write'] });
        await visit(page, '/');
        assert.equal(await page.getAttribute('html', 'lang'), j.lang);
        assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
        // Only the page's own catalog: not English, not the views' words yet.
        const catalogs = page.record.requests.map((u) => new URL(u).pathname).filter((p) => p.startsWith('/i18n/'));
        assert.deepEqual(catalogs, [`/i18n/${j.lang}.json`]);
        await axe(page, `the start page (${j.lang})`);
        assert.deepEqual(await english(page, j.lang), [], 'English on the start page');

        await page.locator('#q').pressSequentially(j.query, { delay: 15 });
        await status(page, j.results);
        const link = page.locator(`#results a[data-listing="${j.id}"]`);
        await link.waitFor();
        assert.equal(await link.innerText(), j.name);
        // Its own language is the page's: nothing to mark.
        assert.equal(await link.getAttribute('lang'), null);
        // Another listing's English text is marked as English.
        const other = page.locator('#results a[data-listing][lang="en"]');
        if (await other.count()) assert.ok(await other.first().isVisible());
        if (size === 'phone') await page.click('#filters-panel > summary');
        await axe(page, `results (${j.lang})`);
        assert.deepEqual(await english(page, j.lang), [], 'English on the results');
        await shot(page, `i18n-results-${j.lang}-${size}`);
        if (size === 'phone') await page.click('#filters-done'); // "Ver 1 resultado" closes the sheet

        await link.click();
        await page.waitForSelector('#detail-title:focus');
        const detail = await page.locator('#detail-view').innerText();
        assert.match(detail, j.when);
        const ics = await page.getAttribute('#detail-view a[download]', 'href');
        assert.equal(new URL(ics, page.base).searchParams.get('lang'), j.lang);
        await axe(page, `the listing (${j.lang})`);
        assert.deepEqual(await english(page, j.lang), [], 'English on the listing');
        await page.locator('#detail-view button.add', { hasText: j.add }).click();
        assert.match(await page.textContent('#list-count'), /\(1\)/);

        await page.click('#list-link');
        await page.waitForSelector('#sheet');
        assert.equal(await page.locator('.sheet-title').innerText(), j.sheet);
        assert.match(await page.locator('#sheet .sheet-item h3').innerText(), new RegExp(j.name.replace(/[()]/g, '\\$&')));
        assert.equal(new URL(await page.getAttribute('#share-link', 'value')).searchParams.get('lang'), j.lang);
        await axe(page, `the referral list (${j.lang})`);
        assert.deepEqual(await english(page, j.lang), [], 'English on the referral list');
        await page.click('#copy-text');
        const text = await page.evaluate(() => navigator.clipboard.readText());
        assert.ok(text.startsWith(j.sheet), text.slice(0, 80));
        assert.match(text, j.when);
        assert.equal(await page.locator('#print-list').innerText(), j.print);
        await page.emulateMedia({ media: 'print' });
        assert.ok(await page.locator('#sheet').isVisible());
        assert.equal(await page.locator('#print-list').isVisible(), false);
        // Longer labels ("Comprobado") wrap between words on paper, never inside one: each
        // word of a label is as wide in its cell as it is on a line of its own.
        const split = await page.evaluate(() => [...document.querySelectorAll('#sheet .facts dt')].flatMap((dt) => {
          const cell = dt.getBoundingClientRect().width;
          return dt.textContent.trim().split(/\s+/).filter((word) => {
            const probe = document.createElement('span');
            probe.style.whiteSpace = 'nowrap';
            probe.textContent = word;
            dt.append(probe);
            const whole = probe.getBoundingClientRect().width;
            probe.remove();
            return whole > cell + 0.5;
          });
        }));
        assert.deepEqual(split, [], 'label words broken across lines on the printed sheet');
        await shot(page, `i18n-sheet-print-${j.lang}-${size}`);
        await page.emulateMedia({ media: 'screen' });
        await page.assertClean();
      });
    }

    // The server half: it reads the words and labels the facets in the page's language.
    it(`reads ${j.lang} words and labels its filters in ${j.lang} `, { timeout: 30000 }, async () => {
      const page = await openPage(browser, { locale: j.locale });
      await visit(page, '/?q=' + encodeURIComponent(j.query));
      const labels = await vocabularyLabels(page.base);
      const r = await (await fetch(page.base + '/api/v1/search?lang=' + j.lang + '&q=' + encodeURIComponent(j.query))).json();
      assert.equal(r.lang, j.lang);
      assert.equal(r.results[0].id, j.id, 'the group first');
      assert.equal(r.results[0].text_language, j.lang);
      if (j.lang === 'es') assert.deepEqual(r.understood && r.understood.filters && r.understood.filters.day, ['tu'], '"martes" read as Tuesday');
      assert.deepEqual(await english(page, j.lang, labels), [], 'English facet labels');
      assert.deepEqual(await page.locator('#quick button').allInnerTexts().then((b) => b.filter((x) => /^(In person|Online|Phone)\b/.test(x))), []);
      await page.assertClean();
    });
  }

  // Every part a person can open or that starts collapsed, each scanned with the server's
  // English facet headings too (a facet the vocabulary does not list, "Region", is named by
  // the search answer alone): the filter sheet with every facet open, the empty state, a
  // listing, its report form, the referral list and its printed sheet; and the crisis bar,
  // whose text button reads whole at a phone's width.
  for (const j of JOURNEYS) {
    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      it(`leaves no English in any part, opened or collapsed (${j.lang}, ${size})`, { timeout: 60000 }, async () => {
        const page = await openPage(browser, { viewport, locale: j.locale });
        const answer = await (await fetch(page.base + '/api/v1/search?lang=en&q=' + encodeURIComponent(j.query))).json();
        const headings = answer.facets.map((f) => f.label);
        assert.ok(headings.includes('Region'), 'the English answer names the region facet: ' + headings);
        const extra = [...headings, ...await vocabularyLabels(page.base)];
        const none = async (what) => assert.deepEqual(await english(page, j.lang, extra), [], 'English in ' + what);

        await visit(page, '/?q=' + encodeURIComponent(j.query));
        await status(page, j.results);
        const bar = await page.locator('#crisis-line a[href^="sms:"]').innerText();
        assert.match(bar.replace(/\s+/g, ' '), /988$/, 'the text button reads whole: ' + bar);
        if (size === 'phone') await page.click('#filters-panel > summary');
        await page.evaluate(() => document.querySelectorAll('#filters-panel details').forEach((d) => { d.open = true; }));
        await page.waitForSelector('#facets details[data-facet="region"] summary');
        await none('the filter sheet, every facet open');
        await shot(page, `i18n-filters-${j.lang}-${size}`);

        await visit(page, '/?q=zzqxv');
        await page.waitForSelector('#empty li button');
        await none('the empty state');

        await visit(page, '/?listing=' + j.id);
        await page.waitForSelector('#detail-title');
        await none('a listing');
        await visit(page, '/?listing=' + j.id + '&view=report');
        await page.waitForSelector('#report-title');
        await none('the report form');
        await visit(page, '/?view=list&list=' + j.id);
        await page.waitForSelector('#sheet .sheet-foot strong');
        // The crisis line at the sheet's foot: by its French name in Canada; the US line's
        // English name (none in Spanish is sourced) marked as English.
        const line = page.locator('#sheet .sheet-foot strong').first();
        if (j.lang === 'fr') assert.deepEqual([await line.innerText(), await line.getAttribute('lang')], ['9-8-8 : Ligne d’aide en cas de crise de suicide', null]);
        else assert.deepEqual([await line.innerText(), await line.getAttribute('lang')], ['988 Suicide & Crisis Lifeline', 'en']);
        await none('the referral list');
        await page.emulateMedia({ media: 'print' });
        await none('the printed sheet');
        await shot(page, `i18n-print-${j.lang}-${size}`);
        await page.emulateMedia({ media: 'screen' });
        await page.assertClean();
      });
    }
  }

  it('marks listing text in another language, and formats in the page\'s', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { locale: 'fr-CA', timezoneId: 'America/Los_Angeles' });
    await visit(page, '/?listing=fixture-grupo-depresion-martes');
    await page.waitForSelector('#detail-title');
    assert.equal(await page.getAttribute('#detail-title span[lang]', 'lang'), 'es');
    assert.match(await page.innerText('#detail-title'), /\(espagnol\)$/);
    assert.equal(await page.getAttribute('#detail-view .description', 'lang'), 'es');
    // "mar. 18 h 30": a French Canadian reader's Tuesday meeting.
    assert.match(await page.innerText('#detail-view .facts'), /Prochaine\s+mar\. \d+ \S+ 18 h 30/);
    await page.assertClean();
  });

  it('switches language with links that name each language in itself, kept in the address', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { locale: 'en-US' });
    await visit(page, '/?q=bipolar');
    const names = await page.locator('#langs a').evaluateAll((as) => as.map((a) => [a.lang, a.textContent]));
    assert.deepEqual(names, [['en', 'English'], ['es', 'Español'], ['fr', 'Français']]);
    await page.click('#langs a[lang=fr]');
    await status(page, /^2 résultats pour « bipolar »/);
    assert.equal(new URL(page.url()).search, '?lang=fr'); // the search stays out of the address
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(await page.getAttribute('#langs a[lang=fr]', 'aria-current'), 'true');
    await page.reload();
    await status(page, /^2 résultats pour « bipolar »/);
    assert.deepEqual(await page.evaluate(() => document.cookie), '');
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.assertClean();
  });

  it('reads English for a key its catalog lacks, never the key', { timeout: 30000 }, async () => {
    const page = await openPage(browser, { locale: 'es-US' });
    await page.route('**/i18n/es.json', async (route) => {
      const cat = await (await route.fetch()).json();
      delete cat.search;
      delete cat['results.other'];
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify(cat) });
    });
    await visit(page, '/?q=bipolar');
    await page.waitForFunction(() => document.querySelector('#search-form button[type=submit]').textContent === 'Search');
    await status(page, /^2 results para «bipolar»/);
    assert.equal(await page.innerText('label[for=q]'), '¿Qué tipo de apoyo busca?');
    await page.assertClean();
  });

  it('shows the crisis line the way it reaches a person in the page\'s language', { timeout: 30000 }, async () => {
    const links = (page) => page.locator('#crisis-line a').evaluateAll((as) => as.map((a) => a.getAttribute('href') + ' ' + a.textContent));
    const es = await openPage(browser, { locale: 'es-US' });
    await visit(es, '/');
    await es.waitForSelector('#crisis-line a[href="tel:988"]');
    assert.deepEqual(await links(es), ['tel:988 Llamar al 988', 'sms:988 Envíe AYUDA al 988']);
    assert.match(await es.innerText('#crisis-line'), /marque 2 para español/);
    const fr = await openPage(browser, { locale: 'fr-CA' });
    await visit(fr, '/');
    await fr.waitForSelector('#crisis-line a[href="tel:988"]');
    assert.deepEqual(await links(fr), ['tel:988 Appeler le 988', 'sms:988 Texter le 988']);
    assert.match(await fr.innerText('#crisis-line'), /en français/);
    // French sets a colon off with a space; Spanish, like English, does not.
    assert.match(await fr.innerText('#help-line'), /de suicide : appelez le 988, textez le 988/);
    assert.match(await es.innerText('#help-line'), /[^ ]: llame al 988/);
    // At 1280 px (openPage's default) the bar is one row in Spanish and French too: the words,
    // the buttons, "en français" and the quick exit side by side, none under another.
    const rows = (page) => page.evaluate(() => {
      const mids = [...document.querySelectorAll('#crisis-line > *, #quick-exit')].filter((e) => e.getClientRects().length)
        .map((e) => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; });
      return Math.max(...mids) - Math.min(...mids); // px between the highest and lowest middles
    });
    assert.deepEqual({ es: await rows(es) < 2, fr: await rows(fr) < 2 }, { es: true, fr: true }, 'the bar in one row at 1280 px');
    // A line that does not say it speaks the language promises nothing more.
    const gb = await openPage(browser, { locale: 'es-GB' });
    await visit(gb, '/');
    await gb.waitForSelector('#crisis-line a[href="tel:116123"]');
    assert.doesNotMatch(await gb.innerText('#crisis-line'), /español/);
    // A country without a line of its own: the finder, and no English emergency wording.
    const mx = await openPage(browser, { locale: 'es-MX' });
    await visit(mx, '/');
    await mx.waitForSelector('#help-line a[href="https://findahelpline.com/"]');
    assert.match(await mx.innerText('#help-line'), /llame al número de emergencias local\./);
    // The Canadian line by its French name, in the bar's sentence and on the printed sheet.
    const name = '9-8-8 : Ligne d’aide en cas de crise de suicide';
    assert.equal(await fr.locator('#help-line strong').first().innerText(), name);
    assert.equal(await fr.getAttribute('#help-line strong >> nth=0', 'lang'), null);
    for (const p of [es, fr, gb, mx]) {
      assert.doesNotMatch(await p.innerText('#crisis-line'), /false|undefined|null/, 'no stray values in the bar');
      await p.assertClean();
    }
  });
});

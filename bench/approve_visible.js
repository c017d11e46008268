#!/usr/bin/env node
// @brief Approval to visible, measured over HTTP on a big synthetic index: a maintainer
// submits an edit, a moderator approves it, and we time (a) the approve request and
// (b) until GET /api/v1/search finds the new word. Works on a copy of the index.
// Usage: node bench/approve_visible.js --work var/bench/100000-1 [--build build] [--rounds 20]
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const work = arg('--work');
const build = arg('--build', 'build');
const rounds = Number(arg('--rounds', '20'));
if (!work) {
  console.error('usage: node bench/approve_visible.js --work var/bench/SIZE-SEED [--build build] [--rounds N]');
  process.exit(1);
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-approve-'));
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  // A copy: the bench's own index stays as built.
  console.error(`[approve] copying ${work}/index to ${tmp}`);
  execFileSync('cp', ['-r', `${work}/index.gens`, `${tmp}/index.gens`]);
  fs.copyFileSync(`${work}/index`, `${tmp}/index`);
  const store = `${tmp}/kindred.db`;
  const admin = (...a) => execFileSync(`${build}/indexer/kindred-admin`, ['--store', store, ...a]).toString();
  const tokenOf = (out) => out.match(/kdr_[0-9a-f]+_[0-9a-f]+/)[0];

  // The first `rounds` synthetic listings and their organisations.
  const lines = fs.readFileSync(`${work}/data/listings.jsonl`, 'utf8').split('\n').slice(0, rounds);
  const listings = lines.map((l) => JSON.parse(l));
  const orgs = [...new Set(listings.map((l) => l.organization.name))];
  const maintainer = tokenOf(admin('add-maintainer', 'bench', ...orgs.flatMap((o) => ['--org', o])));
  const moderator = tokenOf(admin('add-moderator', 'bench-mod'));

  const serve = spawn(`${build}/server/kindred-serve`, ['--index', `${tmp}/index`, '--port', '0', '--store', store,
    '--submission-rate', '100000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    readline.createInterface({ input: serve.stdout }).on('line', (line) => {
      const m = line.match(/listening on http:\/\/[^:]+:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    serve.once('exit', () => reject(new Error('kindred-serve exited')));
  });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, p, token, body) => {
    const r = await fetch(base + p, {
      method,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, json: await r.json() };
  };

  const listingsCount = (await call('GET', '/healthz')).json.listings;
  const approveMs = [], visibleMs = [];
  for (let i = 0; i < listings.length; i++) {
    const l = listings[i];
    const word = `benchword${i}q${Date.now() % 100000}`;
    const cur = await call('GET', `/api/v1/me/listings/${l.id}`, maintainer);
    if (cur.status !== 200) throw new Error(`me/listings: ${cur.status} ${JSON.stringify(cur.json)}`);
    const edited = { ...cur.json.listing, description: `${cur.json.listing.description} ${word}` };
    const sub = await call('POST', '/api/v1/submissions', maintainer, { listing: edited });
    if (sub.status !== 202) throw new Error(`submit: ${sub.status} ${JSON.stringify(sub.json)}`);
    const t0 = process.hrtime.bigint();
    const ok = await call('POST', `/api/v1/submissions/${sub.json.submission.id}/approve`, moderator, {});
    approveMs.push(ms(t0));
    if (ok.status !== 200 || !ok.json.live) throw new Error(`approve: ${ok.status} ${JSON.stringify(ok.json)}`);
    for (;;) {
      const s = await call('GET', `/api/v1/search?q=${word}`);
      if (s.status === 200 && s.json.total === 1) break;
      if (ms(t0) > 30000) throw new Error(`${word} not visible after 30 s`);
    }
    visibleMs.push(ms(t0));
  }
  serve.kill('SIGTERM');
  const f = (x) => x.toFixed(1);
  console.log(`approval to visible over HTTP, ${rounds} approvals, index of ${listingsCount} listings:`);
  console.log(`  approve request: p50 ${f(pct(approveMs, 50))} ms, max ${f(Math.max(...approveMs))} ms`);
  console.log(`  approve -> found by search: p50 ${f(pct(visibleMs, 50))} ms, max ${f(Math.max(...visibleMs))} ms`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

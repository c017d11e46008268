#!/usr/bin/env node
// @brief The write side of scripts/soak: while wrk loads the server, a maintainer edits
// listings and a moderator approves (or now and then rejects) each edit, with re-verifies
// and public reports mixed in. At the end every listing's last approved edit must be
// found by search exactly once and no rejected edit at all. Writes a JSON summary.
// Plain Node 18+ (global fetch), no packages.
// Usage: node bench/soak_writes.js --base URL --maintainer TOKEN --moderator TOKEN
//          --ids ID,ID,... --seconds S --out FILE [--interval-ms 500]
'use strict';
const fs = require('node:fs');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const base = arg('--base');
const maintainer = arg('--maintainer');
const moderator = arg('--moderator');
const ids = (arg('--ids') || '').split(',').filter(Boolean);
const seconds = Number(arg('--seconds', '600'));
const intervalMs = Number(arg('--interval-ms', '500'));
const out = arg('--out');
if (!base || !maintainer || !moderator || !ids.length || !out) {
  console.error('usage: node bench/soak_writes.js --base URL --maintainer T --moderator T --ids A,B --seconds S --out F');
  process.exit(1);
}

const statuses = {}; // "op status" -> count
const unexpected = []; // first few answers that were not what the operation expects
const approveMs = [];
const lastApproved = new Map(); // listing id -> word of its last approved edit
const rejectedWords = [];
let stop = false;
process.on('SIGTERM', () => { stop = true; });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function call(op, method, path, token, body, expect, headers = {}) {
  const t0 = process.hrtime.bigint();
  let status = 0, json = null;
  try {
    const r = await fetch(base + path, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30000),
    });
    status = r.status;
    json = await r.json().catch(() => null);
  } catch (e) {
    status = 0; // no answer: a transport failure, counted as unexpected
  }
  const key = `${op} ${status}`;
  statuses[key] = (statuses[key] || 0) + 1;
  if (!expect.includes(status) && unexpected.length < 20) {
    unexpected.push({ op, status, body: JSON.stringify(json).slice(0, 300) });
  }
  return { status, json, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

async function editOnce(n) {
  const id = ids[n % ids.length];
  const cur = await call('read', 'GET', `/api/v1/me/listings/${id}`, maintainer, undefined, [200]);
  if (cur.status !== 200) return;
  const word = `soakword${n}x${process.pid}`;
  // The description is always the first edit's text plus one new word, so only the last
  // approved word of a listing stays findable.
  const text = cur.json.listing.description.replace(/ soakword\d+x\d+$/, '');
  const listing = { ...cur.json.listing, description: `${text} ${word}` };
  const sub = await call('submit', 'POST', '/api/v1/submissions', maintainer, { listing, note: 'soak' }, [202],
    { 'Idempotency-Key': `soak-${process.pid}-${n}` });
  if (sub.status !== 202) return;
  const sid = sub.json.submission.id;
  if (n % 10 === 9) {
    const r = await call('reject', 'POST', `/api/v1/submissions/${sid}/reject`, moderator, { reason: 'soak test' }, [200]);
    if (r.status === 200) rejectedWords.push(word);
    return;
  }
  const a = await call('approve', 'POST', `/api/v1/submissions/${sid}/approve`, moderator, {}, [200]);
  if (a.status === 200) {
    approveMs.push(a.ms);
    lastApproved.set(id, word);
  }
}

(async () => {
  const deadline = Date.now() + seconds * 1000;
  let n = 0;
  while (!stop && Date.now() < deadline) {
    const t0 = Date.now();
    await editOnce(n);
    if (n % 15 === 7) await call('verify', 'POST', `/api/v1/listings/${ids[(n + 1) % ids.length]}/verify`, maintainer, undefined, [200]);
    // Public reports are limited per client (wrk's malformed reports share the address).
    if (n % 20 === 3) await call('report', 'POST', '/api/v1/reports', '', { listing_id: ids[0], category: 'other', message: 'soak' }, [202, 429]);
    n++;
    await sleep(Math.max(0, intervalMs - (Date.now() - t0)));
  }
  // What search shows now must be exactly what was decided.
  let visible = 0, missing = [], leaked = [];
  for (const [id, word] of lastApproved) {
    const r = await call('check', 'GET', `/api/v1/search?q=${word}`, '', undefined, [200]);
    if (r.status === 200 && r.json.total === 1 && r.json.results[0].id === id) visible++;
    else missing.push(word);
  }
  for (const word of rejectedWords) {
    const r = await call('check', 'GET', `/api/v1/search?q=${word}`, '', undefined, [200]);
    if (!(r.status === 200 && r.json.total === 0)) leaked.push(word);
  }
  const sorted = [...approveMs].sort((a, b) => a - b);
  const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);
  const summary = {
    cycles: n, statuses, unexpected, approvals: approveMs.length, rejections: rejectedWords.length,
    approve_p50_ms: pct(0.5), approve_p99_ms: pct(0.99),
    listings_edited: lastApproved.size, last_approved_visible: visible, missing, rejected_leaked: leaked,
  };
  fs.writeFileSync(out, JSON.stringify(summary, null, 1));
  console.log(`soak writes: ${n} cycles, ${approveMs.length} approvals, ${rejectedWords.length} rejections; ` +
    `${visible}/${lastApproved.size} last approvals visible, ${leaked.length} rejected edits visible`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

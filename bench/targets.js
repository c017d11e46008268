// @brief The targets of issue 16 ("a million listings on one machine"), judged from one
// results file (bench/results.js). A target names the size it applies to; at another
// size its figure is still shown, but it is neither met nor missed there.
// Memory is in MB of 2^20 bytes, as /proc reports it (kB / 1024).
'use strict';

const M = 1000000;
const K100 = 100000;

// The p99 under wrk's 64 connections (a closed loop: the server saturated), then (when the run measured
// it) with one connection per core, which shows a request's own time without the queue.
function httpP99(r) {
  const light = r.http.search_per_core;
  const extra = light ? ` (${light.connections} connections: ${fmt(light.p99_ms)} ms)` : '';
  return `${fmt(r.http.search.p99_ms)} ms${extra}`;
}

// The open-loop step LABEL (results.js: "50" is half the saturated rate, "target" the
// issue's 1,500/s), judged on its p99 and on every request answered without error: a
// step that dropped or lost requests cannot meet a latency target.
function openLoop(r, label, limitMs) {
  const o = r.http.open_loop ? r.http.open_loop[label] : undefined;
  if (!o) return figure(null, () => false, 'not measured', '');
  const clean = o.errors === 0 && o.unfinished === 0 && o.non_2xx === 0;
  const faults = clean ? '' : `; ${o.errors} errors, ${o.unfinished} unanswered, ${o.non_2xx} non-2xx`;
  return figure(o.p99_ms, (v) => v <= limitMs && clean,
    `${fmt(o.p99_ms)} ms at ${int(o.offered_per_s)}/s offered (${int(o.achieved_per_s)}/s answered${faults})`, '');
}

// Each target: what it says, the size it applies to (null: every size), and a function
// from a results file to { kindred, postgres, ok } (ok null when a figure is missing).
const TARGETS = [
  {
    id: 'build_rate',
    text: 'build ≥ 8,000 listings/s',
    size: M,
    judge: (r) => figure(r.build.kindred.rate, (v) => v >= 8000, `${int(r.build.kindred.rate)} /s`,
      `${int(r.build.postgres.rate)} /s`),
  },
  {
    id: 'build_vs_postgres',
    text: 'build faster than PostgreSQL in the same run',
    size: M,
    judge: (r) => figure(r.build.kindred.seconds, (v) => v < r.build.postgres.seconds, `${fmt(r.build.kindred.seconds, 1)} s`,
      `${fmt(r.build.postgres.seconds, 1)} s`),
  },
  {
    id: 'build_memory',
    text: 'build peak memory ≤ 2 GB (2,048 MB)',
    size: M,
    judge: (r) => figure(r.build.kindred.peak_rss_mb, (v) => v <= 2048, `${int(r.build.kindred.peak_rss_mb)} MB`,
      pgMemory(r)),
  },
  {
    id: 'in_process_p99',
    text: 'in-process p99 ≤ 15 ms, every class',
    size: M,
    judge: (r) => {
      const [cls, worst] = worstClass(r);
      return figure(worst, (v) => v <= 15, worst === null ? 'n/a' : `${fmt(worst)} ms (worst: ${cls})`,
        `${fmt(r.latency.all.postgres.p99_ms)} ms (all)`);
    },
  },
  {
    id: 'http_p99_1m',
    text: 'HTTP p99 ≤ 50 ms, the search mix',
    size: M,
    judge: (r) => figure(r.http.search.p99_ms, (v) => v <= 50, httpP99(r), ''),
  },
  {
    id: 'http_p99_100k',
    text: 'HTTP p99 ≤ 10 ms, the search mix',
    size: K100,
    judge: (r) => figure(r.http.search.p99_ms, (v) => v <= 10, httpP99(r), ''),
  },
  {
    id: 'http_p99_1m_open',
    text: 'HTTP p99 ≤ 50 ms, the search mix at half the saturated rate (open loop)',
    size: M,
    judge: (r) => openLoop(r, '50', 50),
  },
  {
    id: 'http_p99_100k_open',
    text: 'HTTP p99 ≤ 10 ms, the search mix at 1,500 requests/s (open loop)',
    size: K100,
    judge: (r) => openLoop(r, 'target', 10),
  },
  {
    id: 'http_throughput',
    text: 'HTTP search throughput ≥ 1,500 requests/s',
    size: K100,
    judge: (r) => figure(r.http.search.requests_per_s, (v) => v >= 1500, `${int(r.http.search.requests_per_s)} /s`,
      `(/healthz: ${int(r.http.healthz.requests_per_s)} /s)`),
  },
  {
    id: 'server_rss',
    text: 'server RSS after warm-up ≤ 250 MB',
    size: M,
    judge: (r) => figure(r.server.rss_warm_mb, (v) => v <= 250,
      `${int(r.server.rss_warm_mb)} MB (peak ${int(r.server.rss_peak_mb)})`, ''),
  },
  {
    id: 'index_size',
    text: 'index on disk no larger than PostgreSQL\'s',
    size: null,
    judge: (r) => figure(r.build.kindred.size_bytes, (v) => v <= r.build.postgres.size_bytes,
      `${int(r.build.kindred.size_bytes / 2 ** 20)} MB`, `${int(r.build.postgres.size_bytes / 2 ** 20)} MB`),
  },
  {
    id: 'counts',
    text: 'counts identical to PostgreSQL\'s on every sampled query',
    size: null,
    judge: (r) => figure(r.counts.sample, (v) => v > 0 && r.counts.agreeing === v && r.counts.query_errors === 0,
      `${r.counts.agreeing ?? '?'} of ${r.counts.sample ?? '?'} agree`, ''),
  },
];

function fmt(x, digits = 2) { return Number.isFinite(x) ? x.toFixed(digits) : 'n/a'; }
function int(x) { return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a'; }

function figure(value, test, kindred, postgres) {
  const ok = value === null || value === undefined || !Number.isFinite(value) ? null : Boolean(test(value));
  return { kindred, postgres, ok };
}

function pgMemory(r) {
  const p = r.build.postgres;
  if (p.peak_server_mb === null || p.peak_server_mb === undefined) return 'not measured';
  return `${int(p.peak_server_mb)} MB server` + (p.peak_client_mb ? ` + ${int(p.peak_client_mb)} MB loader` : '');
}

function worstClass(r) {
  let worst = [null, null];
  for (const [cls, e] of Object.entries(r.latency.classes)) {
    const v = e.kindred.p99_ms;
    if (Number.isFinite(v) && (worst[1] === null || v > worst[1])) worst = [cls, v];
  }
  return worst;
}

// Every target against one results file: { id, text, size, applies, kindred, postgres,
// verdict } with verdict 'met', 'missed', 'not measured', or 'not judged at this size'.
function evaluate(r) {
  return TARGETS.map((t) => {
    const j = t.judge(r);
    const applies = t.size === null || t.size === r.size;
    let verdict;
    if (!applies) verdict = 'not judged at this size';
    else if (j.ok === null) verdict = 'not measured';
    else verdict = j.ok ? 'met' : 'missed';
    return { id: t.id, text: t.text, size: t.size, applies, kindred: j.kindred, postgres: j.postgres, verdict };
  });
}

module.exports = { TARGETS, evaluate };

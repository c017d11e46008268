// @brief Writes one size's section of bench/RESULTS.md from one results file
// (bench/results.js): the run, the machine and versions, Kindred and PostgreSQL side by
// side (build, memory, size, latency per query class, counts), HTTP against /healthz,
// server memory, and the issue 16 targets judged at the size they apply to.
// Other sections of the file are kept.
//
// Usage: node bench/report.js --results FILE.json --out bench/RESULTS.md [--summary bench/results]
//        (--summary: also the targets at a glance from every SIZE.json in that folder)
//        node bench/report.js --results FILE.json            (the section to stdout)
'use strict';
const fs = require('fs');
const path = require('path');
const { load, parseArgs } = require('./results');
const { evaluate } = require('./targets');

function fmt(x, digits = 2) { return Number.isFinite(x) ? x.toFixed(digits) : 'n/a'; }
function int(x) { return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a'; }
function mb(x) { return Number.isFinite(x) ? `${int(x)} MB` : 'not measured'; }

function latencyRow(name, e) {
  return `| ${name} | ${e.kindred.queries} | ${fmt(e.kindred.p50_ms)} | ${fmt(e.kindred.p99_ms)} | ` +
    `${fmt(e.postgres.p50_ms)} | ${fmt(e.postgres.p99_ms)} | ${fmt(e.median_ratio, 1)}× |`;
}

// The Markdown section, between the markers that let a later run replace it.
function section(r) {
  const k = r.build.kindred;
  const p = r.build.postgres;
  const v = r.versions;
  const m = r.machine;
  const L = [];
  L.push(`<!-- size:${r.size} -->`);
  L.push(`## ${int(r.size)} listings (seed ${r.seed}, ${r.queries} queries): \`${r.run.command}\``);
  L.push('');
  L.push(`Run ${r.run.date.slice(0, 16).replace('T', ' ')} UTC at commit ${r.run.commit_short || '?'}` +
    `${r.run.uncommitted_changes ? ' (with uncommitted changes)' : ''} on ${m.cores} cores (${m.cpu || '?'}), ` +
    `${m.memory_gib} GiB, ${m.kernel}; load average ${fmt(m.load_average_1m_at_end)} at the end. ` +
    `Versions: Xapian ${v.xapian || '?'}, Pistache ${v.pistache || '?'}, PostgreSQL ${v.postgresql || '?'}, ` +
    `${v.compiler || '?'}, wrk ${v.wrk || '?'}, Node ${v.node}. ` +
    `All figures: \`bench/results/${r.size}.json\`.`);
  L.push('');
  L.push('| | Kindred | PostgreSQL 15 |');
  L.push('|---|---|---|');
  L.push(`| build | ${fmt(k.seconds, 1)} s (${int(k.rate)} listings/s) | ${fmt(p.seconds, 1)} s (${int(p.rate)} listings/s) |`);
  L.push(`| build peak memory | ${mb(k.peak_rss_mb)} (\`kindred-index build\`, peak) | ` +
    `${Number.isFinite(p.peak_server_mb) ? `${mb(p.peak_server_mb)} server (sampled, PSS)` : 'not measured'}` +
    `${Number.isFinite(p.peak_client_mb) ? ` + ${mb(p.peak_client_mb)} loader (peak RSS)` : ''} |`);
  L.push(`| size on disk | ${int(k.size_bytes / 2 ** 20)} MB | ${int(p.size_bytes / 2 ** 20)} MB |`);
  L.push(`| counts agree (sample) | ${r.counts.agreeing ?? '?'} of ${r.counts.sample ?? '?'} queries: totals and every facet count equal | |`);
  L.push('');
  L.push('Per-query latency in ms, every query asking for all facet counts (Kindred in-process; ' +
    'PostgreSQL through libpq, planning included). Ratio = PostgreSQL / Kindred for the same query, median.');
  L.push('');
  L.push('| class | queries | Kindred p50 | Kindred p99 | PostgreSQL p50 | PostgreSQL p99 | median ratio |');
  L.push('|---|---|---|---|---|---|---|');
  for (const [cls, e] of Object.entries(r.latency.classes)) L.push(latencyRow(cls, e));
  L.push(latencyRow('**all**', r.latency.all));
  L.push('');
  const f = r.first_pass;
  if (f) {
    const slowest = Object.entries(f.classes).sort((a, b) => b[1].p99_ms - a[1].p99_ms)[0];
    L.push(`Both systems ran the mix's first ${f.queries} queries as a warm-up before the timed pass. ` +
      `Kindred's warm-up, right after opening the index with every cache empty: p50 ${fmt(f.all.p50_ms)}, ` +
      `p99 ${fmt(f.all.p99_ms)} ms` + (slowest ? `; slowest class ${slowest[0]}, p99 ${fmt(slowest[1].p99_ms)} ms` : '') +
      ' (a server carries its most used rankings into each new generation: `core/index/rank_carrier.h`).');
    L.push('');
  }
  const h = r.http;
  L.push(`| HTTP (${h.tool}, ${h.threads} threads, ${h.connections} connections, ${h.duration_s} s) | requests/s | p50 ms | p99 ms | non-2xx | socket errors |`);
  L.push('|---|---|---|---|---|---|');
  L.push(`| \`/healthz\` (the limit) | ${int(h.healthz.requests_per_s)} | ${fmt(h.healthz.p50_ms)} | ${fmt(h.healthz.p99_ms)} | ${h.healthz.non_2xx} | ${h.healthz.socket_errors} |`);
  L.push(`| \`/api/v1/search\` (the mix) | ${int(h.search.requests_per_s)} | ${fmt(h.search.p50_ms)} | ${fmt(h.search.p99_ms)} | ${h.search.non_2xx} | ${h.search.socket_errors} |`);
  const c = h.search_per_core;
  if (c) {
    L.push(`| \`/api/v1/search\`, ${c.connections} connections (one per core: no queue) | ${int(c.requests_per_s)} | ${fmt(c.p50_ms)} | ${fmt(c.p99_ms)} | ${c.non_2xx} | ${c.socket_errors} |`);
  }
  L.push('');
  const steps = h.open_loop ? Object.values(h.open_loop).sort((a, b) => a.offered_per_s - b.offered_per_s) : [];
  if (steps.length) {
    L.push(`| HTTP, open loop (\`kindred-bench-http\`: Poisson arrivals, up to ${steps[0].connections} connections, ${steps[0].duration_s} s) | offered /s | answered /s | p50 ms | p90 ms | p99 ms | p99.9 ms | errors, unanswered |`);
    L.push('|---|---|---|---|---|---|---|---|');
    for (const o of steps) {
      const share = Math.round((100 * o.offered_per_s) / h.search.requests_per_s);
      L.push(`| \`/api/v1/search\` at ${share}% of the 64 connections' rate | ${int(o.offered_per_s)} | ${int(o.achieved_per_s)} | ` +
        `${fmt(o.p50_ms)} | ${fmt(o.p90_ms)} | ${fmt(o.p99_ms)} | ${fmt(o.p999_ms)} | ${o.errors}, ${o.unfinished} |`);
    }
    L.push('');
    L.push('wrk is a closed loop: its 64 connections keep 64 requests in the server, so its latency is the ' +
      'queue that load makes (Little\'s law: 64 / requests per second on average). The open loop sends requests ' +
      'when they are due, whether or not earlier answers have come, and times each from when it was due.');
    L.push('');
  }
  L.push(`${h.server_threads ? `kindred-serve ran ${h.server_threads} threads. ` : ''}` +
    `${h.pinned ? `Pinned: ${h.pinned}.` : 'Not pinned: the server and the load tools share the cores.'} ` +
    `Server RSS: ${mb(r.server.rss_start_mb)} after start, ${mb(r.server.rss_warm_mb)} after warm-up ` +
    `(the search mix for a while), ${mb(r.server.rss_peak_mb)} peak. ` +
    (Number.isFinite(r.update_visible_s) ? `Update to visible: ${fmt(r.update_visible_s, 1)} s (a full rebuild).` :
      'Update to visible: not measured in this run (--no-update).'));
  L.push('');
  L.push('Issue 16 targets (judged at the size each applies to):');
  L.push('');
  L.push('| target | at | Kindred | PostgreSQL (same run) | |');
  L.push('|---|---|---|---|---|');
  for (const t of evaluate(r)) {
    const verdict = t.verdict === 'missed' ? '**missed**' : t.verdict;
    L.push(`| ${t.text} | ${t.size ? int(t.size) : 'every size'} | ${t.kindred} | ${t.postgres} | ${verdict} |`);
  }
  L.push(`<!-- /size:${r.size} -->`);
  return L.join('\n');
}

const HEADER = `# Benchmark results

Produced by \`bench/run --size N\` (see the README): synthetic listings from
\`bench/synthetic.cpp\` (seeded, every one marked synthetic), the query mix of
\`bench/query_mix.cpp\` run by Kindred in-process, by PostgreSQL 15 (\`bench/pg_peer*\`:
weighted tsvector + GIN, earthdistance + GiST, GIN arrays, disjunctive facet counts), and
over HTTP with wrk. Each section is one run; reproduce with the command in its heading.
Every figure of a section is also in \`bench/results/SIZE.json\`; \`bench/run --compare
OLD.json NEW.json\` prints the ratios between two runs, and \`bench/results/chart.svg\`
plots latency per class and build time against size.
`;

// The targets at a glance, from the newest results file of each size: each target once
// at the size it applies to (the every-size ones once per size), with the run it is from.
function summary(runs) {
  const L = ['<!-- targets -->', '## Issue 16 targets, from the results files', ''];
  L.push('| target | at | Kindred | PostgreSQL (same run) | | run |');
  L.push('|---|---|---|---|---|---|');
  const sorted = [...runs].sort((a, b) => a.size - b.size);
  const rows = [];
  for (const r of sorted) {
    for (const t of evaluate(r)) {
      if (!t.applies) continue;
      const verdict = t.verdict === 'missed' ? '**missed**' : t.verdict;
      rows.push([t.size === null ? 1 : 0, t.id, r.size,
        `| ${t.text} | ${int(r.size)} | ${t.kindred} | ${t.postgres} | ${verdict} | ${r.run.date.slice(0, 10)}, ${r.run.commit_short || '?'} |`]);
    }
  }
  const order = evaluate(sorted[0]).map((t) => t.id);
  rows.sort((a, b) => a[0] - b[0] || order.indexOf(a[1]) - order.indexOf(b[1]) || a[2] - b[2]);
  L.push(...rows.map((row) => row[3]));
  const missing = [10000, 100000, 1000000].filter((n) => !runs.some((r) => r.size === n));
  if (missing.length) L.push('', `No results file at ${missing.map(int).join(', ')} listings yet: see that size's section below, if any.`);
  L.push('<!-- /targets -->');
  return L.join('\n');
}

// Replaces the summary, or puts it before the first size section (else at the end).
function updateSummary(text, runs) {
  const s = summary(runs);
  const base = text || HEADER;
  const re = /<!-- targets -->[\s\S]*?<!-- \/targets -->/;
  if (re.test(base)) return base.replace(re, () => s);
  const first = base.search(/<!-- size:\d+ -->/);
  if (first >= 0) return `${base.slice(0, first)}${s}\n\n${base.slice(first)}`;
  return `${base.trimEnd()}\n\n${s}\n`;
}

// Replaces this size's section of the file's text, or adds it among the size sections
// in order of size (before a larger size's, else after the last one, else at the end).
function updateText(text, r) {
  const re = new RegExp(`<!-- size:${r.size} -->[\\s\\S]*?<!-- /size:${r.size} -->`);
  const s = section(r);
  const base = text || HEADER;
  if (re.test(base)) return base.replace(re, () => s);
  const starts = [...base.matchAll(/<!-- size:(\d+) -->/g)];
  const larger = starts.find((m) => Number(m[1]) > r.size);
  if (larger) return `${base.slice(0, larger.index)}${s}\n\n${base.slice(larger.index)}`;
  const ends = [...base.matchAll(/<!-- \/size:\d+ -->/g)];
  if (ends.length) {
    const at = ends[ends.length - 1].index + ends[ends.length - 1][0].length;
    return `${base.slice(0, at)}\n\n${s}${base.slice(at)}`;
  }
  return `${base.trimEnd()}\n\n${s}\n`;
}

module.exports = { section, updateText, summary, updateSummary };

if (require.main === module) {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (!args.results) throw new Error('need --results FILE.json [--out RESULTS.md] [--summary DIR]');
    const r = load(args.results);
    if (!args.out) {
      console.log(section(r));
    } else {
      let text = fs.existsSync(args.out) ? fs.readFileSync(args.out, 'utf8') : '';
      text = updateText(text, r);
      if (args.summary) {
        const files = fs.readdirSync(args.summary).filter((f) => /^\d+\.json$/.test(f));
        text = updateSummary(text, files.map((f) => load(path.join(args.summary, f))));
      }
      fs.writeFileSync(args.out, text);
      console.log(`wrote ${args.out} (section for ${r.size} listings${args.summary ? ', targets summary' : ''})`);
    }
  } catch (e) {
    console.error(`bench/report.js: ${e.message}`);
    process.exit(1);
  }
}

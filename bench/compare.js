// @brief Sets two bench results files (bench/results.js) side by side: every figure of
// the older run, the newer one, the ratio new / old, and whether that is better or worse.
// Query classes present in only one of the two are listed with the other side empty.
//
// Usage: node bench/compare.js OLD.json NEW.json      (also: bench/run --compare OLD [NEW])
'use strict';
const { load } = require('./results');

// [label, path in the file, 'lower' or 'higher' is better]
function metrics(a, b) {
  const list = [
    ['Kindred build s', 'build.kindred.seconds', 'lower'],
    ['Kindred build listings/s', 'build.kindred.rate', 'higher'],
    ['Kindred build peak MB', 'build.kindred.peak_rss_mb', 'lower'],
    ['Kindred index MB', 'build.kindred.size_mb', 'lower'],
    ['PostgreSQL load s', 'build.postgres.seconds', 'lower'],
    ['PostgreSQL load listings/s', 'build.postgres.rate', 'higher'],
    ['PostgreSQL server peak MB', 'build.postgres.peak_server_mb', 'lower'],
    ['PostgreSQL size MB', 'build.postgres.size_mb', 'lower'],
  ];
  const classes = [...new Set([...Object.keys(a.latency.classes), ...Object.keys(b.latency.classes)])].sort();
  for (const c of [...classes, null]) {
    const base = c === null ? 'latency.all' : `latency.classes.${c}`;
    const name = c === null ? 'all' : c;
    for (const sys of ['kindred', 'postgres']) {
      for (const p of ['p50', 'p99']) {
        list.push([`${name}: ${sys === 'kindred' ? 'Kindred' : 'PostgreSQL'} ${p} ms`, `${base}.${sys}.${p}_ms`, 'lower']);
      }
    }
  }
  list.push(
    ['HTTP /healthz requests/s', 'http.healthz.requests_per_s', 'higher'],
    ['HTTP /healthz p99 ms', 'http.healthz.p99_ms', 'lower'],
    ['HTTP search requests/s', 'http.search.requests_per_s', 'higher'],
    ['HTTP search p50 ms', 'http.search.p50_ms', 'lower'],
    ['HTTP search p99 ms', 'http.search.p99_ms', 'lower'],
    ['HTTP search p99 ms, one connection per core', 'http.search_per_core.p99_ms', 'lower'],
    ['HTTP search p99 ms, open loop at half the saturated rate', 'http.open_loop.50.p99_ms', 'lower'],
    ['HTTP search p99 ms, open loop at 1,500/s', 'http.open_loop.target.p99_ms', 'lower'],
    ['server RSS after warm-up MB', 'server.rss_warm_mb', 'lower'],
    ['server RSS peak MB', 'server.rss_peak_mb', 'lower'],
  );
  return list;
}

function get(r, path) {
  let v = r;
  for (const key of path.split('.')) v = v === null || v === undefined ? undefined : v[key];
  return Number.isFinite(v) ? v : null;
}

function withDerived(r) {
  const copy = JSON.parse(JSON.stringify(r));
  copy.build.kindred.size_mb = r.build.kindred.size_bytes / 2 ** 20;
  copy.build.postgres.size_mb = r.build.postgres.size_bytes / 2 ** 20;
  return copy;
}

function show(x) {
  if (x === null) return '-';
  return Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2);
}

// The comparison as lines of text (a Markdown table), plus warnings about what makes
// the two runs less comparable (size, machine, commit).
function compare(oldRun, newRun) {
  const a = withDerived(oldRun);
  const b = withDerived(newRun);
  const out = [];
  out.push(`old: ${a.size} listings, ${a.run.date} at ${a.run.commit_short || '?'}`);
  out.push(`new: ${b.size} listings, ${b.run.date} at ${b.run.commit_short || '?'}`);
  if (a.size !== b.size) out.push(`warning: different sizes (${a.size} and ${b.size}): ratios mostly show the size`);
  if (a.machine.cpu !== b.machine.cpu || a.machine.cores !== b.machine.cores) {
    out.push(`warning: different machines (${a.machine.cores} × ${a.machine.cpu}; ${b.machine.cores} × ${b.machine.cpu})`);
  }
  if (a.queries !== b.queries || a.seed !== b.seed) out.push('warning: different query mixes (--queries or --seed differ)');
  out.push('');
  out.push('| figure | old | new | new / old | |');
  out.push('|---|---|---|---|---|');
  for (const [label, path, better] of metrics(a, b)) {
    const x = get(a, path);
    const y = get(b, path);
    if (x === null && y === null) continue;
    let ratio = '-';
    let verdict = '';
    if (x !== null && y !== null && x > 0) {
      const q = y / x;
      ratio = `${q.toFixed(2)}×`;
      // Within 5% is noise on a shared machine; beyond it, say which way it went.
      if (Math.abs(q - 1) > 0.05) verdict = (q < 1) === (better === 'lower') ? 'better' : 'worse';
    }
    out.push(`| ${label} | ${show(x)} | ${show(y)} | ${ratio} | ${verdict} |`);
  }
  out.push(`| counts agree | ${a.counts.agreeing}/${a.counts.sample} | ${b.counts.agreeing}/${b.counts.sample} | | |`);
  return out;
}

module.exports = { compare };

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length !== 2) {
    console.error('usage: node bench/compare.js OLD.json NEW.json');
    process.exit(2);
  }
  try {
    console.log(compare(load(files[0]), load(files[1])).join('\n'));
  } catch (e) {
    console.error(`bench/compare.js: ${e.message}`);
    process.exit(1);
  }
}

// @brief Writes this size's section of bench/RESULTS.md from one bench/run: the machine,
// the versions, Kindred and PostgreSQL side by side, HTTP against /healthz, the targets.
// Plain Node (18+), no packages. Other sizes' sections in the file are kept.
'use strict';
const fs = require('fs');
const os = require('os');
const { execSync } = require('child_process');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const work = args.work;
const kindred = JSON.parse(fs.readFileSync(`${work}/kindred.json`, 'utf8'));
const pg = JSON.parse(fs.readFileSync(`${work}/pg.json`, 'utf8'));

function sh(cmd) {
  try { return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return 'unknown'; }
}
function pct(values, p) {
  if (!values.length) return NaN;
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.round(p * (v.length - 1)))];
}
function median(values) { return pct(values, 0.5); }
function fmt(x, digits = 2) { return Number.isFinite(x) ? x.toFixed(digits) : 'n/a'; }
function int(x) { return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a'; }
// wrk prints "Requests/sec:  80465.58" and a latency distribution with units.
function wrk(file) {
  const text = fs.readFileSync(file, 'utf8');
  const rps = parseFloat((text.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
  const m = text.match(/\s99%\s+([\d.]+)(us|ms|s)\b/);
  const scale = { us: 0.001, ms: 1, s: 1000 };
  const p99 = m ? parseFloat(m[1]) * scale[m[2]] : NaN;
  const errors = (text.match(/Non-2xx or 3xx responses:\s+(\d+)/) || [0, '0'])[1];
  return { rps, p99, errors: Number(errors) };
}

const classes = [...new Set(kindred.queries.map((q) => q.class))].sort();
const pgByIndex = new Map(pg.queries.map((q) => [q.i, q]));
function row(name, ks) {
  const ps = ks.map((q) => pgByIndex.get(q.i)).filter(Boolean);
  const ratios = ks.filter((q) => pgByIndex.has(q.i)).map((q) => pgByIndex.get(q.i).ms / q.ms);
  return `| ${name} | ${ks.length} | ${fmt(median(ks.map((q) => q.ms)))} | ${fmt(pct(ks.map((q) => q.ms), 0.99))} | ` +
    `${fmt(median(ps.map((q) => q.ms)))} | ${fmt(pct(ps.map((q) => q.ms), 0.99))} | ${fmt(median(ratios), 1)}× |`;
}
const allRatios = kindred.queries.filter((q) => pgByIndex.has(q.i)).map((q) => pgByIndex.get(q.i).ms / q.ms);
const medianRatio = median(allRatios);
const kp99 = pct(kindred.queries.map((q) => q.ms), 0.99);
const healthz = wrk(`${work}/wrk-healthz.txt`);
const search = wrk(`${work}/wrk-search.txt`);
const size = Number(args.size);
const kBuild = Number(args['kindred-build-s']);
const kRate = size / kBuild;
const rssPeakMb = Number(args['rss-peak-kb']) / 1024;
const cpu = (sh("grep -m1 'model name' /proc/cpuinfo").split(':')[1] || 'unknown').trim();
const check = pg.check || {};
const verdict = (ok) => (ok ? 'met' : '**missed**');

const lines = [];
lines.push(`<!-- size:${size} -->`);
lines.push(`## ${int(size)} listings (seed ${args.seed}, ${args.queries} queries): \`bench/run --size ${size}\``);
lines.push('');
lines.push(`Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at commit ${sh('git rev-parse --short HEAD')} on ${os.cpus().length} cores (${cpu}), ` +
  `${fmt(os.totalmem() / 2 ** 30, 0)} GiB, Linux ${os.release()}. Versions: Xapian ${sh('xapian-config --version').split(' ').pop()}, ` +
  `Pistache ${sh("dpkg-query -W -f='${Version}' libpistache-dev")}, ${pg.postgres_version || 'PostgreSQL ?'}, ` +
  `${sh('g++ --version').split('\n')[0]}, wrk ${sh("dpkg-query -W -f='${Version}' wrk")}.`);
lines.push('');
lines.push('| | Kindred | PostgreSQL 15 |');
lines.push('|---|---|---|');
lines.push(`| index build | ${fmt(kBuild, 1)} s (${int(kRate)} listings/s) | ${fmt(pg.build_seconds, 1)} s (${int(pg.build_rate)} listings/s) |`);
lines.push(`| size on disk | ${fmt(Number(args['kindred-size']) / 2 ** 20, 0)} MiB | ${fmt(pg.size_bytes / 2 ** 20, 0)} MiB |`);
lines.push(`| counts agree (sample) | ${check.agreeing ?? '?'} of ${check.sample ?? '?'} queries: totals and every facet count equal | |`);
lines.push('');
lines.push('Per-query latency in ms, every query asking for all facet counts (Kindred in-process; PostgreSQL through libpq, planning included). Ratio = PostgreSQL / Kindred for the same query, median.');
lines.push('');
lines.push('| class | queries | Kindred p50 | Kindred p99 | PostgreSQL p50 | PostgreSQL p99 | median ratio |');
lines.push('|---|---|---|---|---|---|---|');
for (const c of classes) lines.push(row(c, kindred.queries.filter((q) => q.class === c)));
lines.push(row('**all**', kindred.queries));
lines.push('');
lines.push('| HTTP (wrk, keep-alive, 64 connections) | requests/s | p99 ms | non-2xx |');
lines.push('|---|---|---|---|');
lines.push(`| \`/healthz\` (the limit) | ${int(healthz.rps)} | ${fmt(healthz.p99)} | ${healthz.errors} |`);
lines.push(`| \`/api/v1/search\` (the mix) | ${int(search.rps)} | ${fmt(search.p99)} | ${search.errors} |`);
lines.push('');
lines.push(`Server RSS: ${fmt(Number(args['rss-start-kb']) / 1024, 0)} MB after start, ${fmt(rssPeakMb, 0)} MB peak. ` +
  (args['update-s'] ? `Update to visible: ${fmt(Number(args['update-s']), 1)} s (a full rebuild; incremental updates arrive with the submissions issue).` :
    'Update to visible: not measured in this run (--no-update).'));
lines.push('');
lines.push('| target | result | |');
lines.push('|---|---|---|');
lines.push(`| in-process p99 ≤ 10 ms | ${fmt(kp99)} ms | ${verdict(kp99 <= 10)} |`);
lines.push(`| median speed-up over PostgreSQL ≥ 10× | ${fmt(medianRatio, 1)}× | ${verdict(medianRatio >= 10)} |`);
lines.push(`| search ≥ 50% of /healthz throughput | ${fmt(100 * search.rps / healthz.rps, 1)}% | ${verdict(search.rps >= 0.5 * healthz.rps)} |`);
lines.push(`| index build ≥ 20,000 listings/s | ${int(kRate)} /s | ${verdict(kRate >= 20000)} |`);
lines.push(`| server RSS ≤ 300 MB | ${fmt(rssPeakMb, 0)} MB | ${verdict(rssPeakMb <= 300)} |`);
lines.push(`<!-- /size:${size} -->`);
const section = lines.join('\n');

const header = `# Benchmark results

Produced by \`bench/run --size N\` (see the README): synthetic listings from
\`bench/synthetic.cpp\` (seeded, every one marked synthetic), the query mix of
\`bench/query_mix.cpp\` run by Kindred in-process, by PostgreSQL 15 (\`bench/pg_peer*\`:
weighted tsvector + GIN, earthdistance + GiST, GIN arrays, disjunctive facet counts), and
over HTTP with wrk. Each section is one run; reproduce with the command in its heading.
`;
let text = fs.existsSync(args.out) ? fs.readFileSync(args.out, 'utf8') : header;
const re = new RegExp(`<!-- size:${size} -->[\\s\\S]*?<!-- /size:${size} -->`);
text = re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`;
fs.writeFileSync(args.out, text);

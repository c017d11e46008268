// @brief Gathers one bench/run into one machine-readable results file: the run (commit,
// date, command), the machine, the versions, and every figure (build, latency per query
// class, agreement with PostgreSQL, HTTP, server memory). bench/report.js, compare.js
// and chart.js read only this file, so a later run can be set beside this one.
//
// Usage: node bench/results.js --work DIR --size N --seed S --queries Q --duration S
//          --kindred-build-s X --kindred-size BYTES --kindred-build-peak-kb KB
//          [--pg-server-peak-kb KB] [--pg-client-peak-kb KB]
//          --rss-start-kb KB --rss-warm-kb KB --rss-peak-kb KB [--update-s X]
//          [--pinned 0|1] [--command "bench/run ..."] --out FILE.json
// Reads DIR/kindred.json (kindred-bench-search), DIR/pg.json (kindred-bench-pg) and
// DIR/wrk-healthz.txt, DIR/wrk-search.txt (wrk --latency) and DIR/open-loop-*.json
// (kindred-bench-http). Plain Node (18+), no packages.
'use strict';
const fs = require('fs');
const os = require('os');
const { execSync } = require('child_process');

const SCHEMA = 'kindred-bench-results/1';

// The nearest-rank percentile the C++ tools print (round(p * (n - 1))), so the figures
// here match theirs.
function pct(values, p) {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.round(p * (v.length - 1)))];
}

// wrk --latency: "Requests/sec:  80465.58", a distribution with units ("99%  3.74ms"),
// and "Non-2xx or 3xx responses: N" when there were any.
function parseWrk(text) {
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60000 };
  const at = (p) => {
    const m = text.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s|m)\\b`));
    return m ? parseFloat(m[1]) * scale[m[2]] : null;
  };
  const num = (re) => {
    const m = text.match(re);
    return m ? Number(m[1]) : null;
  };
  return {
    requests_per_s: num(/Requests\/sec:\s+([\d.]+)/),
    p50_ms: at(50),
    p90_ms: at(90),
    p99_ms: at(99),
    requests: num(/(\d+) requests in/),
    non_2xx: num(/Non-2xx or 3xx responses:\s+(\d+)/) ?? 0,
    socket_errors: (() => {
      const m = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
      return m ? m.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
    })(),
  };
}

// The open-loop steps (kindred-bench-http --out): DIR/open-loop-LABEL.json, keyed by
// LABEL, the share of the saturated rate in percent ("25", "50", "75") or "target" (the
// issue's 1,500/s). Null for runs made before these existed.
function openLoopOf(work) {
  const steps = {};
  for (const name of fs.readdirSync(work).sort()) {
    const m = name.match(/^open-loop-(\w+)\.json$/);
    if (m) steps[m[1]] = JSON.parse(fs.readFileSync(`${work}/${name}`, 'utf8'));
  }
  return Object.keys(steps).length ? steps : null;
}

function latencyOf(queries) {
  const ms = queries.map((q) => q.ms);
  return { queries: ms.length, p50_ms: pct(ms, 0.5), p99_ms: pct(ms, 0.99), max_ms: ms.length ? Math.max(...ms) : null };
}

// Latency per class, for every class the mix has (the classes come from the data, so a
// class added to bench/query_mix.cpp shows up without touching this file), and for all.
function latencyByClass(kindred, pg) {
  const pgByIndex = new Map(pg.queries.map((q) => [q.i, q]));
  const entry = (ks) => {
    const ps = ks.map((q) => pgByIndex.get(q.i)).filter(Boolean);
    const ratios = ks.filter((q) => pgByIndex.has(q.i) && q.ms > 0).map((q) => pgByIndex.get(q.i).ms / q.ms);
    return { kindred: latencyOf(ks), postgres: latencyOf(ps), median_ratio: pct(ratios, 0.5) };
  };
  const classes = {};
  for (const c of [...new Set(kindred.queries.map((q) => q.class))].sort()) {
    classes[c] = entry(kindred.queries.filter((q) => q.class === c));
  }
  return { classes, all: entry(kindred.queries) };
}

// Kindred's warm-up: the mix's first queries right after opening the index, caches empty
// (null for runs before kindred-bench-search timed it). Both systems get this warm-up
// before their timed pass; these are the figures a server's first searches see.
function firstPassOf(kindred) {
  const qs = kindred.first_pass;
  if (!Array.isArray(qs)) return null;
  const classes = {};
  for (const c of [...new Set(qs.map((q) => q.class))].sort()) classes[c] = latencyOf(qs.filter((q) => q.class === c));
  return { queries: qs.length, classes, all: latencyOf(qs) };
}

function sh(cmd) {
  try {
    return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}

function machine() {
  const cpu = (sh("grep -m1 'model name' /proc/cpuinfo") || '').split(':')[1];
  return {
    cores: os.cpus().length,
    cpu: cpu ? cpu.trim() : null,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    kernel: `Linux ${os.release()}`,
    load_average_1m_at_end: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

function versions(pgVersion) {
  const dpkg = (p) => sh(`dpkg-query -W -f='\${Version}' ${p}`);
  return {
    xapian: (sh('xapian-config --version') || '').split(' ').pop() || null,
    pistache: dpkg('libpistache-dev'),
    postgresql: pgVersion || null,
    compiler: (sh('c++ --version') || '').split('\n')[0] || null,
    wrk: dpkg('wrk'),
    node: process.version,
  };
}

const num = (v) => (v === undefined || v === '' ? null : Number(v));
const mb = (kb) => (kb === null || !Number.isFinite(kb) || kb <= 0 ? null : kb / 1024);

// Everything from the work directory and the measurements bench/run took itself.
function collect(args) {
  const work = args.work;
  const kindred = JSON.parse(fs.readFileSync(`${work}/kindred.json`, 'utf8'));
  const pg = JSON.parse(fs.readFileSync(`${work}/pg.json`, 'utf8'));
  const size = Number(args.size);
  const buildS = Number(args['kindred-build-s']);
  const check = pg.check || {};
  const commit = sh('git rev-parse HEAD');
  return {
    schema: SCHEMA,
    synthetic: true,  // bench/synthetic.cpp listings, every one says it is synthetic
    size,
    seed: Number(args.seed),
    queries: Number(args.queries),
    run: {
      date: new Date().toISOString(),
      commit,
      commit_short: commit ? commit.slice(0, 7) : null,
      // Changes to tracked files, except what bench/run itself writes.
      uncommitted_changes: sh("git status --porcelain --untracked-files=no -- . ':!bench/RESULTS.md' ':!bench/results'") !== null,
      command: args.command || `bench/run --size ${size}`,
    },
    machine: machine(),
    versions: versions(pg.postgres_version),
    build: {
      kindred: {
        seconds: buildS,
        rate: size / buildS,
        peak_rss_mb: mb(num(args['kindred-build-peak-kb'])),
        size_bytes: num(args['kindred-size']),
      },
      postgres: {
        seconds: pg.build_seconds,
        rate: pg.build_rate,
        phases: pg.build_phases || null,
        // The server's processes (sampled sum of proportional set sizes, so shared
        // buffers count once) and, apart, the client that validates and sends the rows.
        peak_server_mb: mb(num(args['pg-server-peak-kb'])),
        peak_client_mb: mb(num(args['pg-client-peak-kb'])),
        size_bytes: pg.size_bytes,
      },
    },
    latency: latencyByClass(kindred, pg),
    first_pass: firstPassOf(kindred),
    counts: {
      sample: check.sample ?? null,
      agreeing: check.agreeing ?? null,
      disagreements: (check.disagreements || []).length,
      query_errors: pg.queries.filter((q) => q.error).length,
    },
    http: {
      tool: 'wrk --latency, keep-alive',
      threads: 2,
      // kindred-serve's --threads (runs before this field existed used one per core).
      server_threads: num(args['server-threads']),
      connections: 64,
      duration_s: num(args.duration),
      pinned: args.pinned === '1' ? 'server on core 0, wrk and kindred-bench-http on core 1 (taskset)' : null,
      healthz: parseWrk(fs.readFileSync(`${work}/wrk-healthz.txt`, 'utf8')),
      search: parseWrk(fs.readFileSync(`${work}/wrk-search.txt`, 'utf8')),
      // The same mix with one connection per core (runs before this file existed lack it).
      search_per_core: fs.existsSync(`${work}/wrk-search-per-core.txt`)
        ? { connections: num(args['per-core-connections']),
          ...parseWrk(fs.readFileSync(`${work}/wrk-search-per-core.txt`, 'utf8')) }
        : null,
      open_loop: openLoopOf(work),
    },
    server: {
      rss_start_mb: mb(num(args['rss-start-kb'])),
      rss_warm_mb: mb(num(args['rss-warm-kb'])),
      rss_peak_mb: mb(num(args['rss-peak-kb'])),
    },
    update_visible_s: num(args['update-s']),
  };
}

// "--key value" pairs; a flag given twice keeps the last.
function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) throw new Error(`expected --option value, got ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

// Reads a results file and says precisely what is wrong with one that is not.
function load(file) {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (r.schema !== SCHEMA) throw new Error(`${file}: not a bench results file (schema ${JSON.stringify(r.schema)}, want ${SCHEMA})`);
  for (const key of ['size', 'build', 'latency', 'http', 'server', 'counts', 'run']) {
    if (r[key] === undefined) throw new Error(`${file}: missing "${key}"`);
  }
  return r;
}

module.exports = { SCHEMA, pct, parseWrk, latencyByClass, collect, parseArgs, load };

if (require.main === module) {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (!args.work || !args.size || !args.out) throw new Error('need --work DIR --size N --out FILE.json');
    const r = collect(args);
    r.targets = require('./targets').evaluate(r);  // for readers of the file alone
    fs.writeFileSync(args.out, `${JSON.stringify(r, null, 2)}\n`);
    console.log(`wrote ${args.out}`);
  } catch (e) {
    console.error(`bench/results.js: ${e.message}`);
    process.exit(1);
  }
}

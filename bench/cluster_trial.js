#!/usr/bin/env node
// @brief The cluster drill behind scripts/cluster-trial: on loopback, a primary, its
// replication server (xapian-replicate-server), two replicas (xapian-replicate +
// kindred-serve --replica-of) and nginx (deploy/cluster/kindred-locations.conf). wrk sends
// searches through nginx while a writer edits and approves a listing on the primary and
// times until each replica finds the edit; meanwhile one replica is killed with SIGKILL and
// restarted, the primary's index is rebuilt in full, and the replication server is killed
// and restarted. Prints the report and writes it as JSON. Stops by itself.
// Usage: node bench/cluster_trial.js [--build build] [--seconds 150] [--work DIR]
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const repo = path.resolve(__dirname, '..');
const build = path.resolve(arg('--build', path.join(repo, 'build')));
const seconds = Number(arg('--seconds', '150'));
const work = arg('--work') || fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-cluster-'));
const env = { ...process.env, XAPIAN_MAX_CHANGESETS: '100' };
const log = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

const children = new Set();
function start(name, cmd, args) {
  const out = fs.openSync(path.join(work, `${name}.log`), 'a');
  const child = spawn(cmd, args, { env, cwd: repo, stdio: ['ignore', out, out] });
  child.name = name;
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
// Everything is killed outright except nginx: a SIGKILLed nginx master leaves its workers
// running (orphans holding nothing but memory), so nginx gets SIGTERM and stops them itself.
function stopAll() {
  for (const c of children) c.kill(c.name === 'nginx' ? 'SIGTERM' : 'SIGKILL');
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
async function get(port, p, timeoutMs = 3000) {
  const r = await fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: r.status, json: r.headers.get('content-type')?.includes('json') ? await r.json() : await r.text() };
}
async function call(port, method, p, token, body) {
  const r = await fetch(`http://127.0.0.1:${port}${p}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10000),
  });
  return { status: r.status, json: await r.json() };
}
async function waitFor(what, fn, limitMs) {
  const start = Date.now();
  for (;;) {
    try {
      if (await fn()) return Date.now() - start;
    } catch (_) {
      // not up yet
    }
    if (Date.now() - start > limitMs) throw new Error(`${what}: not within ${limitMs / 1000} s (logs in ${work})`);
    await sleep(25);
  }
}
const total = async (port, q) => (await get(port, `/api/v1/search?q=${q}`, 2000)).json.total;
const stub = (dir) => {
  try {
    return fs.readFileSync(path.join(dir, 'XAPIANDB'), 'utf8').trim().split('\n').pop();
  } catch (_) {
    return '';
  }
};

(async () => {
  log(`work directory ${work}; load for ${seconds} s`);
  const serve = `${build}/server/kindred-serve`;
  const index = path.join(work, 'primary/index');  // the served root: index + index.gens
  const store = path.join(work, 'kindred.db');
  fs.mkdirSync(path.dirname(index), { recursive: true });
  const buildIndex = () => execFileSync(`${build}/indexer/kindred-index`,
    ['build', '--data', 'data', '--out', index, '--store', store], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  log('building the primary index from data/ (kindred-index build --store)');
  buildIndex();

  const ports = { primary: await freePort(), replication: await freePort(), nginx: await freePort(),
    replicas: [await freePort(), await freePort()] };
  const primaryArgs = ['--index', index, '--port', String(ports.primary), '--threads', '2', '--store', store,
    '--submission-rate', '100000'];
  start('primary', serve, primaryArgs);
  await waitFor('primary', async () => (await get(ports.primary, '/healthz')).status === 200, 30000);
  const startReplicationServer = () => start('replication-server', 'xapian-replicate-server',
    ['-I', '127.0.0.1', '-p', String(ports.replication), path.dirname(index)]);
  let replicationServer = startReplicationServer();

  const replicas = ports.replicas.map((port, i) => ({ name: `replica-${i + 1}`, port, dir: path.join(work, `replica-${i + 1}`),
    up: false, epoch: 0, lags: [], slowest: [], client: null, server: null }));
  const startReplica = async (r) => {
    r.client = start(`${r.name}-replicate`, 'xapian-replicate', ['-h', '127.0.0.1', '-p', String(ports.replication),
      '-m', 'index', '-i', '1', '-r', '0', '-t', '10', '-v', r.dir]);
    await waitFor(`${r.name} first copy`, async () => stub(r.dir) !== '', 60000);
    r.server = start(r.name, serve, ['--index', r.dir, '--port', String(r.port), '--threads', '2',
      '--replica-of', `http://127.0.0.1:${ports.primary}`]);
    await waitFor(r.name, async () => (await get(r.port, '/healthz')).status === 200, 30000);
    r.up = true;
  };
  for (const r of replicas) await startReplica(r);
  log(`primary :${ports.primary}, replication server :${ports.replication}, replicas :${ports.replicas.join(', :')}`);

  // nginx on loopback with the cluster's own locations file.
  const ngx = path.join(work, 'nginx');
  fs.mkdirSync(ngx, { recursive: true });
  fs.writeFileSync(path.join(ngx, 'nginx.conf'), execFileSync(`${repo}/scripts/cluster-nginx-conf`,
    [ngx, String(ports.nginx), String(ports.primary), ...ports.replicas.map(String)]));
  start('nginx', 'nginx', ['-p', ngx, '-c', path.join(ngx, 'nginx.conf'), '-g', 'daemon off;']);
  await waitFor('nginx', async () => (await get(ports.nginx, '/healthz')).status === 200, 15000);
  const viaNginx = await call(ports.nginx, 'POST', '/api/v1/submissions', 'kdr_0_0', {});
  log(`nginx :${ports.nginx} (a write through it reaches the primary: ${viaNginx.status} ${viaNginx.json.error?.code})`);

  // The writer's listing and people.
  const first = (await get(ports.primary, '/api/v1/search?q=support&per_page=1')).json.results[0].id;
  const admin = (...a) => execFileSync(`${build}/indexer/kindred-admin`, ['--store', store, ...a]).toString();
  const tokenOf = (out) => out.match(/kdr_[0-9a-f]+_[0-9a-f]+/)[0];
  const maintainer = tokenOf(admin('add-maintainer', 'trial', '--listing', first));
  const moderator = tokenOf(admin('add-moderator', 'trial-mod'));
  const original = (await call(ports.primary, 'GET', `/api/v1/me/listings/${first}`, maintainer)).json.listing;

  // The searches wrk sends through nginx (bench/soak.lua's request file format).
  const reqFile = path.join(work, 'searches.tsv');
  const qs = ['bipolar', 'depression', 'peer+support', 'anxiety', 'hearing+voices', 'recovery', 'warmline', 'grief',
    'bipolar&near=Moscow%2C+ID', 'support&sort=distance&near=London', '&kind=support-group', 'carers&page=2'];
  fs.writeFileSync(reqFile, qs.map((q) => `GET\t/api/v1/search?q=${q}\n`).join('') +
    `GET\t/api/v1/listings/${first}\nGET\t/api/v1/places?q=Calg\nGET\t/\n`);
  const wrk = start('wrk', 'wrk', ['-t1', '-c8', `-d${seconds}s`, '--timeout', '10s', '--latency', '-s',
    `${repo}/bench/soak.lua`, `http://127.0.0.1:${ports.nginx}`, '--', reqFile]);
  const wrkDone = new Promise((resolve) => wrk.on('exit', resolve));
  const loadStart = Date.now();
  let stopping = false;

  // The state of the drill, for the writer to know which approvals count for lag.
  let replicationDown = false, replicationEpoch = 0;
  const events = [];
  const note = (e) => {
    events.push({ at_s: +((Date.now() - loadStart) / 1000).toFixed(1), event: e });
    log(e);
  };

  // Writer: edit the listing so it holds exactly one new word, approve, time each replica.
  let rounds = 0, lastWord = '', lastRound = -1, excluded = 0, writerErrors = 0;
  // The round whose word a server's copy of the listing shows (-1: none yet, or no answer).
  // Catch-up is this reaching the round at the outage's end: the writer goes on editing,
  // so that round's own word may already have been replaced by a later one.
  const shownRound = async (port) => {
    try {
      const j = (await get(port, `/api/v1/listings/${first}`, 2000)).json;
      const m = /drill(\d+)x\d+/.exec(((j && (j.listing || j)) || {}).description || '');
      return m ? Number(m[1]) : -1;
    } catch (_) {
      return -1;
    }
  };
  const writer = (async () => {
    while (!stopping) {
      const word = `drill${rounds}x${Date.now() % 100000}`;
      try {
        const edited = { ...original, description: `${original.description} ${word}` };
        let held = false;
        const sub = await call(ports.primary, 'POST', '/api/v1/submissions', maintainer, { listing: edited });
        if (sub.status !== 202) throw new Error(`submit ${sub.status} ${JSON.stringify(sub.json)}`);
        // What was down at the approval, and which outages began: an approval that an
        // outage holds up is catch-up, not lag (reported apart).
        const upAtApproval = replicas.map((r) => r.up), replAtApproval = replicationDown;
        const epochs = replicas.map((r) => r.epoch), replEpoch = replicationEpoch;
        const ok = await call(ports.primary, 'POST', `/api/v1/submissions/${sub.json.submission.id}/approve`, moderator, {});
        const approved = Date.now();
        if (ok.status !== 200 || !ok.json.live) throw new Error(`approve ${ok.status} ${JSON.stringify(ok.json)}`);
        lastWord = word;
        lastRound = rounds;
        await Promise.all(replicas.map(async (r, i) => {
          for (;;) {
            if (!upAtApproval[i] || replAtApproval) return;  // counted in catch-up, not in lag
            try {
              if ((await total(r.port, word)) === 1) break;
            } catch (_) {
              if (!r.up) return;
            }
            if (Date.now() - approved > 30000) break;
            await sleep(20);
          }
          if (!r.up || r.epoch !== epochs[i] || replicationEpoch !== replEpoch) {
            held = true;
            return;
          }
          r.lags.push(Date.now() - approved);
          r.slowest.push({ ms: Date.now() - approved, approved_at_s: +((approved - loadStart) / 1000).toFixed(1) });
          r.slowest.sort((a, b) => b.ms - a.ms);
          r.slowest.length = Math.min(r.slowest.length, 3);
        }));
        if (upAtApproval.includes(false) || replAtApproval || held) excluded++;
        rounds++;
        // With no replica to wait for (the replication server is down), a moderator's pace,
        // not the primary's limit: 100 revisions a second outrun the 100 changesets kept.
        if (replAtApproval || !upAtApproval.includes(true)) await sleep(100);
      } catch (e) {
        writerErrors++;
        log(`writer: ${e.message}`);
        await sleep(200);
      }
    }
  })();

  // Mixed-index probe: each replica, every 100 ms, searched for the last three words.
  // One whole index holds exactly one version of the listing, so at most one of them, and
  // an answer's total equals its results; two versions at once would be a mix.
  let probes = 0, mixed = 0, probeFailures = 0;
  const recent = [];
  const probe = (async () => {
    while (!stopping) {
      if (lastWord && recent[recent.length - 1] !== lastWord) {
        recent.push(lastWord);
        if (recent.length > 3) recent.shift();
      }
      if (recent.length) {
        for (const r of replicas) {
          if (!r.up) continue;
          try {
            const a = (await get(r.port, `/api/v1/search?q=${recent.join('+')}`, 2000)).json;
            probes++;
            const hits = a.results.filter((x) => x.id === first).length;
            if (a.total > 1 || hits > 1 || a.results.length !== a.total) {
              mixed++;
              log(`probe: ${r.name} answered total ${a.total} with ${a.results.length} results for ${recent.join(' ')}`);
            }
          } catch (_) {
            if (r.up) probeFailures++;
          }
        }
      }
      await sleep(100);
    }
  })();

  const at = (s) => sleep(Math.max(0, loadStart + s * 1000 - Date.now()));
  const catchUp = {};
  const k = seconds / 150;  // the timeline scales with --seconds

  await at(25 * k);
  const victim = replicas[0];
  victim.up = false;
  victim.epoch++;
  victim.server.kill('SIGKILL');
  victim.client.kill('SIGKILL');
  note(`SIGKILL ${victim.name} (kindred-serve and its xapian-replicate)`);
  await at(40 * k);
  const roundAtRestart = lastRound;
  const restartAt = Date.now();
  note(`restarting ${victim.name}`);
  await startReplica(victim);
  await waitFor(`${victim.name} catch-up`, async () => (await shownRound(victim.port)) >= roundAtRestart, 60000);
  catchUp.replica_restart_ms = Date.now() - restartAt;
  note(`${victim.name} serving again and caught up ${catchUp.replica_restart_ms} ms after its restart`);

  await at(60 * k);
  const before = replicas.map((r) => stub(r.dir));
  note('full rebuild on the primary (kindred-index build --store)');
  const rebuildStart = Date.now();
  buildIndex();
  const rebuildMs = Date.now() - rebuildStart;
  note(`rebuild published after ${rebuildMs} ms`);
  catchUp.rebuild_switch_ms = [];
  for (const [i, r] of replicas.entries()) {
    await waitFor(`${r.name} switch`, async () => stub(r.dir) !== before[i], 60000);
    catchUp.rebuild_switch_ms.push(Date.now() - rebuildStart - rebuildMs);
  }
  note(`replicas switched whole to the rebuilt index ${catchUp.rebuild_switch_ms.join(' / ')} ms after its publish`);

  await at(90 * k);
  replicationDown = true;
  replicationEpoch++;
  replicationServer.kill('SIGKILL');
  note('SIGKILL xapian-replicate-server');
  await at(100 * k);
  const roundAtServerRestart = lastRound;
  replicationServer = startReplicationServer();
  const serverRestart = Date.now();
  note('restarted xapian-replicate-server');
  const caught = [];
  for (const r of replicas) {
    await waitFor(`${r.name} after the replication server`, async () => (await shownRound(r.port)) >= roundAtServerRestart, 60000);
    caught.push(Date.now() - serverRestart);
  }
  replicationDown = false;
  catchUp.replication_server_restart_ms = caught;
  note(`replicas caught up ${caught.join(' / ')} ms after the replication server came back`);

  const wrkStatus = await wrkDone;
  stopping = true;
  await Promise.all([writer, probe]);
  const wrkOut = fs.readFileSync(path.join(work, 'wrk.log'), 'utf8');
  const line = (wrkOut.match(/^SOAK .*$/m) || [''])[0];
  const field = (n) => Number((line.match(new RegExp(`${n}=([0-9.]+)`)) || [0, NaN])[1]);
  const statuses = ((line.match(/statuses=(\S*)/) || [])[1] || '').split(',').filter(Boolean)
    .map((s) => s.split(':').map(Number));
  const ok = statuses.filter(([s]) => s >= 200 && s < 400).reduce((a, [, n]) => a + n, 0);
  const requests = field('requests');
  const socketErrors = field('connect_errors') + field('read_errors') + field('write_errors') + field('timeouts');
  const report = {
    command: `scripts/cluster-trial --seconds ${seconds}`,
    machine: `${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the end`,
    searches_through_nginx: { requests, failed: requests - ok + socketErrors, socket_errors: socketErrors,
      statuses: Object.fromEntries(statuses), p50_ms: field('p50_ms'), p99_ms: field('p99_ms'), max_ms: field('max_ms'),
      wrk_exit: wrkStatus },
    approvals: { rounds, writer_errors: writerErrors, held_up_by_a_replica_or_replication_outage: excluded },
    approval_to_visible_ms: Object.fromEntries(replicas.map((r) => [r.name,
      { n: r.lags.length, p50: pct(r.lags, 50), p99: pct(r.lags, 99), max: Math.max(...r.lags), slowest: r.slowest }])),
    catch_up: catchUp,
    full_rebuild_ms: rebuildMs,
    mixed_index: { probes, mixed, probe_failures: probeFailures },
    events,
  };
  fs.writeFileSync(path.join(work, 'report.json'), JSON.stringify(report, null, 2));
  console.log('\n=== cluster trial report ===');
  console.log(JSON.stringify(report, null, 2));
  const pass = report.searches_through_nginx.failed === 0 && mixed === 0 &&
    replicas.every((r) => r.lags.length > 0 && pct(r.lags, 99) <= 2000);
  console.log(pass ? '\nPASS: 0 failed searches, p99 approval to visible <= 2 s on every replica, no mixed index'
    : '\nFAIL: see the report above');
  stopAll();
  process.exit(pass ? 0 : 1);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

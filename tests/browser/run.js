#!/usr/bin/env node
// @brief Runs the browser suite: one kindred-serve over the fixture index and a store for
// all test files (passed to them in KINDRED_URL, with the store's maintainer and moderator
// tokens in KINDRED_MAINTAINER_TOKEN and KINDRED_MODERATOR_TOKEN), then `node --test` on
// every *.test.js here.
// Exit status is the test runner's. CTest runs this (tests/CMakeLists.txt).
// Usage: node tests/browser/run.js [--build DIR] [--shard K/N] [file.test.js ...]
// --shard K/N runs every Nth file (sorted), from the Kth: CTest runs the suite as two
// shards, each with its own time limit, so a slow machine does not stop the whole suite.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const b = args.indexOf('--build');
if (b >= 0) {
  process.env.KINDRED_BUILD_DIR = path.resolve(args[b + 1]);
  args.splice(b, 2);
}
let shard = null;
const sh = args.indexOf('--shard');
if (sh >= 0) {
  const m = /^(\d+)\/(\d+)$/.exec(args[sh + 1] || '');
  if (!m || +m[1] < 1 || +m[1] > +m[2]) {
    console.error('tests/browser: --shard takes K/N with 1 <= K <= N, such as 1/2');
    process.exit(2);
  }
  shard = { k: +m[1], n: +m[2] };
  args.splice(sh, 2);
}
// A hung browser must not hold CI. The whole suite took 7.5 min on an idle 2-core machine
// of this workplace (2026-12-05), most of it Chromium; each of CTest's two shards about
// half that.
const LIMIT_MS = 8 * 60 * 1000;

(async () => {
  if (!fs.existsSync(path.join(__dirname, 'node_modules', 'playwright-core'))) {
    console.error('tests/browser: npm packages missing; run `npm ci` in tests/browser (scripts/test does)');
    process.exit(1);
  }
  const { startServer } = require('./support.js');
  const started = Date.now();
  const srv = await startServer();
  const files = (args.length ? args : fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort())
    .filter((f, i) => !shard || i % shard.n === shard.k - 1)
    .map((f) => path.resolve(__dirname, f));
  const child = spawn(process.execPath, ['--test', ...files], {
    stdio: 'inherit',
    env: { ...process.env, KINDRED_URL: srv.url, KINDRED_MAINTAINER_TOKEN: srv.tokens.maintainer, KINDRED_MODERATOR_TOKEN: srv.tokens.moderator },
  });
  const stop = (why) => {
    console.error(`tests/browser: ${why}, stopping`);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  };
  const timer = setTimeout(() => stop(`over ${LIMIT_MS / 1000}s`), LIMIT_MS);
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => stop(sig));
  const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c === null ? 1 : c)));
  clearTimeout(timer);
  await srv.stop();
  console.log(`tests/browser: ${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)}s, exit ${code}`);
  process.exit(code);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

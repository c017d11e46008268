// @brief Draws bench results files (bench/results.js) as one SVG, with our own code and
// no network: for each size, latency per query class (p50 and p99, Kindred beside
// PostgreSQL, log scale), then build time against size (both systems, log-log).
// Classes come from the files, so a new class in the query mix appears by itself.
//
// Usage: node bench/chart.js --out bench/results/chart.svg FILE.json [FILE.json ...]
'use strict';
const fs = require('fs');
const { load } = require('./results');

const WIDTH = 960;
const PANEL_H = 330;
const M = { left: 70, right: 20, top: 50, bottom: 60 };
const COLORS = {
  kindred_p50: '#1f5fa8', kindred_p99: '#8fb5e3',
  postgres_p50: '#c45a00', postgres_p99: '#f2b27a',
};

function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
function int(x) { return Math.round(x).toLocaleString('en-US'); }
function label(ms) { return ms >= 100 ? int(ms) : ms >= 10 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(2); }

// A log axis over whole decades that holds every value (and 1, when withOne: latency
// axes start at 1 ms or below, so short bars stay comparable between panels).
function logScale(values, pixelsLo, pixelsHi, withOne = true) {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...finite, withOne ? 1 : Infinity)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...finite, lo * 10)));
  const at = (v) => pixelsLo + (Math.log10(Math.max(v, lo)) - Math.log10(lo)) /
    (Math.log10(hi) - Math.log10(lo)) * (pixelsHi - pixelsLo);
  const ticks = [];
  for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
  return { at, ticks, lo, hi };
}

function tickText(v, unit) {
  if (v >= 1000) return `${int(v)}${unit}`;
  return `${v >= 1 ? v.toFixed(0) : String(v)}${unit}`;
}

// One panel: latency per class at one size. Returns SVG elements.
function latencyPanel(r, y0) {
  const out = [];
  const groups = [...Object.entries(r.latency.classes), ['all', r.latency.all]];
  const series = [['kindred', 'p50'], ['kindred', 'p99'], ['postgres', 'p50'], ['postgres', 'p99']];
  const values = groups.flatMap(([, e]) => series.map(([s, p]) => e[s][`${p}_ms`]));
  const plotTop = y0 + M.top;
  const plotBottom = y0 + PANEL_H - M.bottom;
  const ys = logScale(values, plotBottom, plotTop);
  out.push(`<text x="${M.left}" y="${y0 + 24}" class="title">Latency per query class at ${int(r.size)} listings ` +
    `(ms, log scale; ${esc(r.run.date.slice(0, 10))}, commit ${esc(r.run.commit_short || '?')})</text>`);
  for (const t of ys.ticks) {
    const y = ys.at(t).toFixed(1);
    out.push(`<line x1="${M.left}" x2="${WIDTH - M.right}" y1="${y}" y2="${y}" class="grid"/>`);
    out.push(`<text x="${M.left - 6}" y="${y}" class="tick" text-anchor="end" dominant-baseline="middle">${tickText(t, ' ms')}</text>`);
  }
  const groupW = (WIDTH - M.left - M.right) / groups.length;
  const barW = Math.min(22, (groupW - 16) / series.length);
  groups.forEach(([cls, e], g) => {
    const gx = M.left + g * groupW + (groupW - barW * series.length) / 2;
    series.forEach(([s, p], k) => {
      const v = e[s][`${p}_ms`];
      if (!Number.isFinite(v)) return;
      const x = gx + k * barW;
      const top = ys.at(v);
      out.push(`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(barW - 2).toFixed(1)}" ` +
        `height="${Math.max(0.5, plotBottom - top).toFixed(1)}" fill="${COLORS[`${s}_${p}`]}">` +
        `<title>${esc(cls)}: ${s === 'kindred' ? 'Kindred' : 'PostgreSQL'} ${p} ${label(v)} ms</title></rect>`);
      out.push(`<text x="${(x + barW / 2 - 1).toFixed(1)}" y="${(top - 3).toFixed(1)}" class="value" ` +
        `text-anchor="middle">${label(v)}</text>`);
    });
    out.push(`<text x="${(M.left + (g + 0.5) * groupW).toFixed(1)}" y="${plotBottom + 18}" class="axis" ` +
      `text-anchor="middle">${esc(cls)}</text>`);
    out.push(`<text x="${(M.left + (g + 0.5) * groupW).toFixed(1)}" y="${plotBottom + 33}" class="tick" ` +
      `text-anchor="middle">${e.kindred.queries} queries</text>`);
  });
  out.push(`<line x1="${M.left}" x2="${WIDTH - M.right}" y1="${plotBottom}" y2="${plotBottom}" class="axisline"/>`);
  return out;
}

// Where a point's label goes: the slower system's above its point, the faster one's
// below, at least 14 px apart however close the two points are.
function labelY(r, sys, ys) {
  const other = sys === 'kindred' ? 'postgres' : 'kindred';
  const y = ys.at(r.build[sys].seconds);
  if (!Number.isFinite(r.build[other].seconds)) return y - 8;
  const yOther = ys.at(r.build[other].seconds);
  const above = y < yOther || (y === yOther && sys === 'kindred');
  const mid = (y + yOther) / 2;
  return above ? Math.min(y - 8, mid - 7) : Math.max(y + 16, mid + 14);
}

// Build time against size, both systems, log-log, each point labelled with its rate.
function buildPanel(runs, y0) {
  const out = [];
  const plotTop = y0 + M.top;
  const plotBottom = y0 + PANEL_H - M.bottom;
  const sizes = runs.map((r) => r.size);
  const secs = runs.flatMap((r) => [r.build.kindred.seconds, r.build.postgres.seconds]);
  const xs = logScale(sizes, M.left + 60, WIDTH - M.right - 250, false);
  const ys = logScale(secs, plotBottom, plotTop);
  out.push(`<text x="${M.left}" y="${y0 + 24}" class="title">Build time against size (s, log-log; label: listings/s)</text>`);
  for (const t of ys.ticks) {
    const y = ys.at(t).toFixed(1);
    out.push(`<line x1="${M.left}" x2="${WIDTH - M.right}" y1="${y}" y2="${y}" class="grid"/>`);
    out.push(`<text x="${M.left - 6}" y="${y}" class="tick" text-anchor="end" dominant-baseline="middle">${tickText(t, ' s')}</text>`);
  }
  for (const r of runs) {
    out.push(`<text x="${xs.at(r.size).toFixed(1)}" y="${plotBottom + 18}" class="axis" text-anchor="middle">` +
      `${int(r.size)} listings</text>`);
  }
  out.push(`<line x1="${M.left}" x2="${WIDTH - M.right}" y1="${plotBottom}" y2="${plotBottom}" class="axisline"/>`);
  for (const [sys, name, color] of [['kindred', 'Kindred', COLORS.kindred_p50], ['postgres', 'PostgreSQL', COLORS.postgres_p50]]) {
    const pts = runs.filter((r) => Number.isFinite(r.build[sys].seconds))
      .map((r) => [xs.at(r.size), ys.at(r.build[sys].seconds), r.build[sys].rate, r.build[sys].seconds, r]);
    if (pts.length > 1) {
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="2.5" points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`);
    }
    for (const [x, y, rate, s, r] of pts) {
      out.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="5" fill="${color}"><title>${name}: ${s.toFixed(1)} s</title></circle>`);
      out.push(`<text x="${(x + 9).toFixed(1)}" y="${labelY(r, sys, ys).toFixed(1)}" class="value" ` +
        `fill="${color}">${name} ${s.toFixed(1)} s, ${int(rate)}/s</text>`);
    }
  }
  return out;
}

function legend(y) {
  const items = [['kindred_p50', 'Kindred p50'], ['kindred_p99', 'Kindred p99'],
    ['postgres_p50', 'PostgreSQL p50'], ['postgres_p99', 'PostgreSQL p99']];
  return items.map(([key, text], i) => {
    const x = M.left + i * 160;
    return `<rect x="${x}" y="${y - 10}" width="14" height="14" fill="${COLORS[key]}"/>` +
      `<text x="${x + 20}" y="${y + 1}" class="axis">${text}</text>`;
  });
}

// The whole chart for a set of results files: one run per size (the last file given
// for a size wins), smallest size first.
function chart(runs) {
  const bySize = new Map();
  for (const r of runs) bySize.set(r.size, r);
  const sorted = [...bySize.values()].sort((a, b) => a.size - b.size);
  if (!sorted.length) throw new Error('no results files');
  const parts = [];
  parts.push(...legend(24));
  sorted.forEach((r, i) => parts.push(...latencyPanel(r, 36 + i * PANEL_H)));
  parts.push(...buildPanel(sorted, 36 + sorted.length * PANEL_H));
  const height = 36 + (sorted.length + 1) * PANEL_H + 10;
  const machines = [...new Set(sorted.map((r) => `${r.machine.cores} cores (${r.machine.cpu || '?'})`))].join('; ');
  parts.push(`<text x="${M.left}" y="${height - 14}" class="tick">Synthetic listings (bench/synthetic.cpp), ` +
    `query mix of bench/query_mix.cpp; ${esc(machines)}; figures from bench/results/SIZE.json.</text>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, sans-serif">
<title>Kindred and PostgreSQL 15: latency per query class and build time (synthetic listings, bench/run)</title>
<style>
.title { font-size: 15px; font-weight: bold; fill: #222; }
.axis { font-size: 12px; fill: #222; }
.tick { font-size: 11px; fill: #555; }
.value { font-size: 9.5px; fill: #333; }
.grid { stroke: #ddd; stroke-width: 1; }
.axisline { stroke: #444; stroke-width: 1; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
</svg>
`;
}

module.exports = { chart };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--out');
  const out = i >= 0 ? argv[i + 1] : null;
  const files = argv.filter((_, k) => k !== i && k !== i + 1);
  if (!out || !files.length) {
    console.error('usage: node bench/chart.js --out CHART.svg FILE.json [FILE.json ...]');
    process.exit(2);
  }
  try {
    fs.writeFileSync(out, chart(files.map(load)));
    console.log(`wrote ${out} (${files.length} results files)`);
  } catch (e) {
    console.error(`bench/chart.js: ${e.message}`);
    process.exit(1);
  }
}

#!/usr/bin/env node
// @brief Puts a script's last results into SECURITY.md: replaces what lies between
// "<!-- NAME:begin -->" and "<!-- NAME:end -->" with the report file, so reruns of
// scripts/soak, scripts/crash-trials and scripts/disk-full keep only their latest results
// and leave the written review around them alone. Appends the section if it is missing.
// Usage: node bench/soak_section.js SECURITY.md NAME REPORT_FILE
'use strict';
const fs = require('node:fs');

const [file, name, reportFile] = process.argv.slice(2);
if (!file || !name || !reportFile) {
  console.error('usage: node bench/soak_section.js SECURITY.md NAME REPORT_FILE');
  process.exit(1);
}
const begin = `<!-- ${name}:begin -->`, end = `<!-- ${name}:end -->`;
const report = fs.readFileSync(reportFile, 'utf8').replace(/\n*$/, '\n');
let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Security and privacy\n';
const i = text.indexOf(begin), j = text.indexOf(end);
const section = `${begin}\n${report}${end}`;
text = i >= 0 && j > i
  ? text.slice(0, i) + section + text.slice(j + end.length)
  : `${text.replace(/\n*$/, '\n')}\n## Results: ${name}\n\n${section}\n`;
fs.writeFileSync(file, text);

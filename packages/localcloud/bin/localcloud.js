#!/usr/bin/env node
// The localcloud command: the built CLI (dist/, in the published package), or in a source checkout the
// TypeScript itself through tsx.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '..', 'dist', 'cli.js');
if (fs.existsSync(built)) {
  require(built).run(process.argv.slice(2));
} else {
  require('tsx/cjs');
  require('../src/cli.ts').run(process.argv.slice(2));
}

// A clone from GitHub is the whole project: no tracked file points outside the repository (the steering
// folder `../shared`) or at a path of one particular machine.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const OUTSIDE = /\.\.\/shared\b/;
/** An absolute path of a machine: /work/…, /home/…, /root/…, /Users/…, C:\… (not a URL path like pages/shop/home/). */
const MACHINE_PATH = /(?<![\w./-])(?:\/(?:work|home|root|Users|mnt)\/[\w.-]|[A-Z]:\\[\w])/;

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((file) => file && !/\.(png|jpg|jpeg|gif|ico|woff2?)$/.test(file))
  // This file names the patterns it looks for.
  .filter((file) => file !== 'test/tooling/self-contained.test.ts');

test('no tracked file refers to ../shared or to an absolute path of a machine', () => {
  const offending: string[] = [];
  for (const file of tracked) {
    const full = path.join(ROOT, file);
    if (!fs.existsSync(full)) continue;
    fs.readFileSync(full, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (OUTSIDE.test(line) || MACHINE_PATH.test(line)) offending.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(offending).toEqual([]);
});

test('the patterns catch what they are for', () => {
  expect(OUTSIDE.test('see ../shared/API.md')).toBe(true);
  expect(MACHINE_PATH.test("readFileSync('/work/main/x')")).toBe(true);
  expect(MACHINE_PATH.test('C:\\Users\\dev')).toBe(true);
  expect(MACHINE_PATH.test("url: '/pages/shop/home/index'")).toBe(false);
});

// A clone from GitHub is the whole project: no tracked file points outside the repository (the steering
// folder beside it) or at a path of one particular machine. The patterns are built from pieces so this
// file holds no such path itself and is checked like every other.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** The steering folder next to the repository, which a clone does not have. */
const STEERING = ['..', 'shared'].join('/');
const OUTSIDE = new RegExp(`${STEERING.replace(/[./]/g, '\\$&')}\\b`);
/** The top folders of a machine's absolute paths (a drive letter on Windows); not a URL path like pages/shop/home/. */
const ROOT_FOLDERS = ['work', 'home', 'root', 'Users', 'mnt'];
const MACHINE_PATH = new RegExp(
  `(?<![\\w./-])(?:\\/(?:${ROOT_FOLDERS.join('|')})\\/[\\w.-]|[A-Z]:\\\\[\\w])`,
);

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((file) => file && !/\.(png|jpg|jpeg|gif|ico|woff2?)$/.test(file));

test('no tracked file refers to the steering folder or to an absolute path of a machine', () => {
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
  expect(OUTSIDE.test(`see ${STEERING}/API.md`)).toBe(true);
  expect(OUTSIDE.test('see docs/API.md')).toBe(false);
  expect(MACHINE_PATH.test(`readFileSync('/${ROOT_FOLDERS[0]}/main/x')`)).toBe(true);
  expect(MACHINE_PATH.test('C:\\Users\\dev')).toBe(true);
  expect(MACHINE_PATH.test("url: '/pages/shop/home/index'")).toBe(false);
});

// WeChat's own compilers (wcc, wcsc) accept every template and stylesheet of the mini-program, the packages fit
// the platform's size limits, and a planted fault (an unclosed tag, a broken rule) makes the check fail.
import path from 'node:path';
import {
  checkMiniprogram,
  checkWxml,
  checkWxss,
  formatReport,
  Problem,
} from '../../scripts/tooling/wx-compile';
import { copyCommittedTree, ProjectCopy, REPO } from './project-copy';

const summary = (problems: Problem[]) => problems.map((p) => `${p.where}: ${p.what}`);

it('passes on the repository, with the package sizes printed', () => {
  const report = checkMiniprogram(REPO);
  console.log(formatReport(report));
  expect(summary(report.problems)).toEqual([]);
  expect(report.wxmlFiles).toBeGreaterThan(20);
  const main = report.sizes.find((s) => s.name === '__APP__')!;
  expect(main.npmBytes).toBeGreaterThan(0); // TDesign is counted, as 构建 npm lays it out
  expect(report.sizes.map((s) => s.name)).toContain('pages/admin');
});

describe('on a copy with a planted fault', () => {
  let copy: ProjectCopy;
  beforeEach(() => {
    copy = copyCommittedTree();
  });
  afterEach(() => copy.dispose());

  it('fails on an unclosed tag in a WXML file, naming the file', () => {
    const file = 'miniprogram/pages/shop/home/index.wxml';
    expect(summary(checkWxml(copy.root).problems)).toEqual([]);
    copy.edit(file, (text) =>
      text.replace('<view class="grid">', '<view class="grid"><view class="unclosed">'),
    );
    expect(summary(checkWxml(copy.root).problems)).toEqual([
      expect.stringMatching(
        new RegExp(`^${file}: wcc refuses it: .*index\\.wxml:\\d+:\\d+: expect end-tag \`view\``),
      ),
    ]);
    expect(checkMiniprogram(copy.root).problems.length).toBeGreaterThan(0);
  });

  it('fails on a broken WXSS rule and on a missing @import', () => {
    copy.edit('miniprogram/app.wxss', (text) => `${text}\n.broken { color: red;; }\n`);
    copy.edit('miniprogram/pages/me/index/index.wxss', (text) => `@import './missing.wxss';\n${text}`);
    expect(summary(checkWxss(copy.root).problems)).toEqual([
      expect.stringMatching(/^miniprogram\/app\.wxss: wcsc refuses it: .*unexpected token `;`/),
      expect.stringMatching(/^miniprogram\/pages\/me\/index\/index\.wxss: wcsc refuses it: .*missing\.wxss/),
    ]);
  });

  it('fails when a subpackage outgrows 2 MB', () => {
    copy.write(
      path.posix.join('miniprogram/pages/admin/dashboard', 'big.js'),
      `module.exports = '${'x'.repeat(2 * 1024 * 1024)}';`,
    );
    copy.edit('miniprogram/pages/admin/dashboard/index.ts', (text) => `import './big';\n${text}`);
    expect(summary(checkMiniprogram(copy.root).problems)).toEqual([
      expect.stringMatching(/^miniprogram\/pages\/admin: subpackage pages\/admin is .* KB, over 2048\.0 KB$/),
    ]);
  });
});

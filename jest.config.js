// Tests run TypeScript through ts-jest in transpile-only mode; `npm run typecheck` does the type checking.
// Two projects: the shop (test/, core/) and the local cloud package with its own config, so its tests run
// here exactly as they do alone (`npm test -w packages/localcloud`).
/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'shop',
      testEnvironment: 'node',
      roots: ['<rootDir>/test', '<rootDir>/core'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
      // The workspace package's source, as tsconfig.json's paths map it for tsc and tsx.
      moduleNameMapper: { '^@fenxiao/localcloud$': '<rootDir>/packages/localcloud/src/index.ts' },
      testTimeout: 60000,
    },
    '<rootDir>/packages/localcloud',
  ],
};

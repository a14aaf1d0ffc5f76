// The local cloud's own tests: TypeScript through ts-jest in transpile-only mode (`npm run typecheck`
// checks types). Functions run in worker threads and child processes, so allow them time.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'localcloud',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 60000,
};

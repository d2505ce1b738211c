import { defineConfig } from 'vitest/config';

// Two projects in one run (`npm test` runs both): the unit tests, and the slow tests that spawn
// `herald start` as a child process (`npx vitest run --project process`).
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/process/**', 'test/model/**', 'test/browser/**', '**/node_modules/**'],
          testTimeout: 20_000,
        },
      },
      {
        // The model-based test of the delivery promise: a few hundred seeded runs.
        extends: true,
        test: {
          name: 'model',
          include: ['test/model/**/*.test.ts'],
          testTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'process',
          include: ['test/process/**/*.test.ts'],
          testTimeout: 120_000,
          // Each test spawns Herald processes on a small shared machine: at most two at once.
          maxConcurrency: 2,
        },
      },
      {
        // The launch page in Debian's Chromium (playwright-core): `npx vitest run --project browser`.
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

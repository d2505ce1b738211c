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
          exclude: ['test/process/**', '**/node_modules/**'],
          testTimeout: 20_000,
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
    ],
  },
});

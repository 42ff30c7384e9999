// Three suites: `core` (pure logic), `db` (the server and CLIs against a real PostGIS:
// embedded by default, DATABASE_URL when set) and `e2e` (the built app in headless Chromium).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['tests/core/**/*.test.ts', 'tests/client/**/*.test.ts'],
          environment: 'node',
          // Whole analyses on the demo data run beside the db suite's workers: a busy machine
          // must not fail a correctness test on time (5.9 s once in CI against the 5 s default).
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'db',
          include: ['tests/server/**/*.test.ts', 'tests/scripts/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/server/global-setup.ts'],
          // The embedded PostGIS is one session: database test files take turns.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})

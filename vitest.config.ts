import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // two cores on the project's machines; each file brings its own databases and ports
    maxWorkers: 2,
    reporters: ['default'],
  },
});

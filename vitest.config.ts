import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Store and HTTP tests share one PostgreSQL server; files run in parallel on separate schemas.
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 180_000, // generous: CLI and browser tests start processes, slow on a loaded 2-core machine
    hookTimeout: 120_000,
    // expect.poll gives up after 1 s by default: a browser round trip (form check, request, render)
    // took longer than that under a full parallel run in CI and failed a correct test.
    expect: { poll: { timeout: 15_000 } },
    // Store and HTTP tests share one PostgreSQL server; files run in parallel on separate schemas.
    pool: 'forks',
  },
});

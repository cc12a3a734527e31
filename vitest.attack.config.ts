import { defineConfig } from 'vitest/config';

// `npm run test:attack`: the attack suite (test/attack/*.attack.ts) at full counts against real host processes on
// loopback. Bounded: fixed input counts and a time limit per attack. Figures land in attack-results/.
export default defineConfig({
  test: {
    include: ['test/attack/**/*.attack.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});

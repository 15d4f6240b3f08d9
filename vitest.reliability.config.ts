import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: the long reliability runs of issue 5 (load, crash, database fault,
// fuzzing, access, tampering), kept out of the main suite. RELIABILITY_SCALE=small is CI's shorter run.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.rel.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
    fileParallelism: false,
    globalSetup: ['test/reliability/summary.ts'],
    reporters: ['default'],
  },
});

import { defineConfig } from 'vitest/config';

// Unit and integration tests run in Node against the real core (real ONNX models, real loopback servers).
// Forks rather than threads: onnxruntime-node and node-hid are native addons that are happier one per process.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

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
    // The Electron host test loads the built bundle through Node's loader (test/electron-stand-in/boot.ts).
    server: { deps: { external: [/test\/electron-stand-in\/native-import\.mjs$/] } },
  },
});

// End-to-end tests: the same specs run against the web host in Debian's Chromium (always) and under Playwright's
// _electron (where an Electron binary exists; skipped with the reason otherwise).
import { defineConfig } from '@playwright/test';
import type { KioskOptions } from './fixtures';

export default defineConfig<KioskOptions>({
  testDir: './specs',
  outputDir: '../e2e-artifacts/results',
  // Two cores: one browser at a time keeps the fake camera and the models responsive.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  projects: [
    { name: 'web', use: { host: 'web' } },
    { name: 'electron', use: { host: 'electron' } },
  ],
});

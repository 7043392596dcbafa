import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Browser tests start Chromium and a server; two cores are shared by all files.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The app logs unexpected errors to stderr on purpose; keep the report readable.
    silent: 'passed-only',
  },
});

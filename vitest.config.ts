import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the shared protocol, the client SDK and the test kit from source, so they never run against a stale build.
const shared = fileURLToPath(new URL('./libs/shared/src/index.ts', import.meta.url));
const testkit = fileURLToPath(new URL('./libs/testkit/src/index.ts', import.meta.url));
const services = fileURLToPath(new URL('./libs/services/src/index.ts', import.meta.url));
const client = fileURLToPath(new URL('./libs/client/src/index.ts', import.meta.url));

// Unit tests sit next to the code; cross-process suites (real SFU, real WebRTC, Chromium) live in test/.
export default defineConfig({
  resolve: {
    alias: {
      '@huddle/shared': shared,
      '@huddle/testkit': testkit,
      '@huddle/services': services,
      '@huddle/client': client,
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['libs/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'bench/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', 'libs/*/examples/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

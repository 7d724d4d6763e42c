import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const sfu = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [vue()],
  resolve: {
    // Compile the protocol and the client SDK from source, so the app never depends on a stale build of them.
    alias: {
      '@huddle/shared': fileURLToPath(new URL('../../libs/shared/src/index.ts', import.meta.url)),
      '@huddle/client': fileURLToPath(new URL('../../libs/client/src/index.ts', import.meta.url)),
    },
  },
  server: {
    proxy: {
      '/ws': { target: sfu, ws: true },
      '/api': sfu,
      '/healthz': sfu,
    },
  },
  build: { outDir: 'dist' },
});

import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

// `npm run dev`: this dev server (hot reload) in front of the backend, which keeps every
// server path; `npm run web:build`: the static app in web/dist, served by the backend at `/`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the server may serve the app at `/` or `/app/` (with a `<base>`).
  base: './',
  plugins: [react()],
  resolve: {
    alias: { '@hr-assistant/client': fileURLToPath(new URL('../client-sdk/src/index.ts', import.meta.url)) },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: {
      '/trpc': { target: backend, ws: true },
      '/ws': { target: backend, ws: true },
      '/api': backend,
      '/panel': backend,
      '/healthz': backend,
    },
  },
});

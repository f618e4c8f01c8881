import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built by `npm run build` into dist/workspace/, which the server serves at /workspace/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/workspace/',
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('../dist/workspace', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 600 },
  // `npm run dev:workspace` proxies the API to a dpr started with `npm start`.
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/oauth_token.do': 'http://127.0.0.1:8080' } },
});

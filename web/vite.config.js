import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The studio is served by `orchestra serve` from web/dist, API and page on one origin.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
});

import { defineConfig } from 'vite';

// No React plugin: esbuild compiles TSX with the automatic runtime. The server serves dist/.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  logLevel: 'warn',
});

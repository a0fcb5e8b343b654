import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(?:js|css|svg|json|map)$/;

/**
 * Writes `.br` and `.gz` beside each hashed asset once the bundle is written: the server sends them
 * as they are (@fastify/static's preCompressed), so the script is compressed once, at its best level.
 */
function precompress(): Plugin {
  let assets = '';
  return {
    name: 'paddock-precompress',
    apply: 'build',
    configResolved(config) {
      assets = path.resolve(config.root, config.build.outDir, config.build.assetsDir);
    },
    closeBundle() {
      for (const name of readdirSync(assets).filter((n) => COMPRESSIBLE.test(n))) {
        const file = path.join(assets, name);
        const data = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
      }
    },
  };
}

// No React plugin: esbuild compiles TSX with the automatic runtime. The server serves dist/.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  plugins: [precompress()],
  logLevel: 'warn',
});

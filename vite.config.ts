import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './shared/csp.js';

/**
 * The shared Content-Security-Policy as a <meta> in the built renderer too (defence in depth
 * if a page is ever loaded without the headers). frame-ancestors is ignored in <meta>, so it is
 * dropped here; the server and the app:// handler still send it as a header. Build only: the
 * dev server injects inline scripts for hot reload.
 */
const META_CSP = CONTENT_SECURITY_POLICY.split(';')
  .map((d) => d.trim())
  .filter((d) => d && !d.startsWith('frame-ancestors'))
  .join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'dossier-csp',
    apply: 'build',
    transformIndexHtml(html) {
      // Right after <meta charset>, before any script.
      return html.replace(/(<meta charset="UTF-8" \/>)/, `$1\n    <meta http-equiv="Content-Security-Policy" content="${META_CSP}" />`);
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's sources carry /* @__PURE__ */ comments Rollup cannot place; harmless noise.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  server: {
    // `npm run dev:renderer`: the API goes to the dev harness (renderer/dev/harness.ts) or a
    // browser-mode server. Host and Origin are rewritten so its loopback checks accept us.
    proxy: {
      '/api': {
        target: process.env.DOSSIER_API_URL ?? 'http://127.0.0.1:5180',
        changeOrigin: true,
        configure(proxy) {
          proxy.on('proxyReq', (req) => req.removeHeader('origin'));
        },
      },
    },
  },
});

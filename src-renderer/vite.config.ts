// Builds the renderer alone into out/renderer, for the browser host (`npm run web`, `npm start`
// without Electron, the end-to-end tests). electron.vite.config.ts builds the same app for the
// desktop. Runs in Node (Vite).
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

export default defineConfig({
  // Vite replaces import.meta.dirname with this file's folder (no node: import: the renderer's
  // lint wall forbids them in src-renderer, and this config needs none).
  root: import.meta.dirname,
  // Relative asset URLs: the same files load from app://portwise/ and from the browser host.
  base: './',
  plugins: [vue()],
  build: {
    outDir: '../out/renderer', // relative to root
    emptyOutDir: true,
    reportCompressedSize: false,
    // Vite's module-preload polyfill is an inline script, which the CSP forbids.
    modulePreload: { polyfill: false },
  },
})

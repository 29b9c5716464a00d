// electron-vite: the desktop app's three builds. main (ESM, out/main/index.js, package.json's
// "main"), preload (CommonJS, out/preload/index.cjs: a sandboxed preload cannot be an ES module)
// and the renderer (out/renderer, the same app src-renderer/vite.config.ts builds for the
// browser host). Runs in Node (electron-vite).
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

const root = import.meta.dirname

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: { input: { index: resolve(root, 'src-main/app/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require only 'electron' and a few built-ins: bundle everything
      // else (the contract and zod) into the one file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/app/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // Vite's module-preload polyfill is an inline script, which the CSP forbids.
      modulePreload: { polyfill: false },
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
})

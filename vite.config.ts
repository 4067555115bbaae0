import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import tailwindcss from '@tailwindcss/vite'
import { VitePWA } from 'vite-plugin-pwa'

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    // An installable app that opens without a connection: Workbox precaches the built app
    // and serves index.html for every page; the API is never cached by the worker (the posts
    // a person saw are kept by TanStack Query's persister instead, see app/lib/offline.ts).
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false, // the app registers it once the page has settled (lib/offline.ts)
      manifest: false, // public/manifest.webmanifest is ours
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        // Web Push: the push and notificationclick handlers (public/push-sw.js)
        importScripts: ['/push-sw.js'],
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // a new version takes over open pages at once (no «close all tabs» for the governor)
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    manifest: true,
    rollupOptions: {
      output: {
        // The lifecycle machine (XState, hashing) in a chunk of its own: screens that only list
        // posts — the governor's queue first of all — never download it.
        codeSplitting: {
          // only the matched modules: the calendar and formatting they use stay shared
          includeDependenciesRecursively: false,
          groups: [
            {
              name: 'machine',
              test: /node_modules[\\/](xstate|@noble)|post-lifecycle[\\/](machine|lifecycle|allowed-events|available-actions)\./,
            },
          ],
        },
      },
    },
  },
})

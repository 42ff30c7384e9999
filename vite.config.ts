// Vite builds the browser client (client/ → dist/client, served by our own server) and, in
// development, proxies the API and vector tiles to the server on 127.0.0.1:PORT (default 3000).
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

// The API server's port: the same PORT variable the server reads (scripts/dev.ts runs both).
const API_TARGET = `http://127.0.0.1:${process.env.PORT || 3000}`

export default defineConfig({
  root: 'client',
  base: '/',
  plugins: [
    react(),
    // The phone page (/report) as an installable app that opens with no network (client/offline/
    // install-report-app.ts registers it, scoped to /report: the console, /plan and the wall are not
    // served by it). Workbox precaches the shell — the HTML, scripts and styles of this build — and
    // keeps at run time what the page reads: the taxonomy, the configuration and the basemap, the
    // areas of the picker, the vector tiles it showed, and the label font's pieces it used.
    VitePWA({
      strategies: 'generateSW',
      injectRegister: false,
      registerType: 'prompt',
      scope: '/report',
      manifest: {
        name: 'GridPulse 网格上报',
        short_name: '网格上报',
        description: '网格员随手拍：无网络时也能上报，联网后自动发送',
        lang: 'zh-CN',
        start_url: '/report',
        scope: '/report',
        display: 'standalone',
        background_color: '#f4f6f9',
        theme_color: '#1d5fae',
        icons: [
          { src: '/icons/gridpulse-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/gridpulse-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/gridpulse.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{html,js,mjs,css,svg,png}'],
        // MapLibre's chunk is ~1 MB.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackAllowlist: [/^\/report/],
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            // What the phone page reads to start: the network first (3 s), the last answer without one.
            urlPattern: ({ url, request }) => request.method === 'GET' && /^\/api\/(taxonomy|config|basemap|areas)(\/|$|\?)/.test(url.pathname),
            handler: 'NetworkFirst',
            options: { cacheName: 'gridpulse-report-data', networkTimeoutSeconds: 3, expiration: { maxEntries: 200, maxAgeSeconds: 30 * 86_400 } },
          },
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/tiles/'),
            handler: 'StaleWhileRevalidate',
            options: { cacheName: 'gridpulse-report-tiles', expiration: { maxEntries: 2000, maxAgeSeconds: 30 * 86_400 } },
          },
          {
            // The label font's unicode-range pieces (Noto Sans SC) the page has used: kept, never fetched twice.
            urlPattern: ({ url }) => url.pathname.startsWith('/assets/') && /\.woff2?$/.test(url.pathname),
            handler: 'CacheFirst',
            options: { cacheName: 'gridpulse-report-fonts', expiration: { maxEntries: 300 } },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // MapLibre alone is ~1 MB minified; it gets its own chunk, so the warning is about it only.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|zustand)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      // client/api/*.ts shares the /api prefix: Vite serves those modules itself.
      '/api': { target: API_TARGET, changeOrigin: false, bypass: (req) => (isClientModule(req.url) ? req.url : undefined) },
      '/tiles': { target: API_TARGET, changeOrigin: false },
    },
  },
})

function isClientModule(url: string | undefined): boolean {
  return !!url && /^\/api\/[\w./-]+\.tsx?(\?|$)/.test(url)
}

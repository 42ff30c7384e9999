// Vite builds the browser client (client/ → dist/client, served by our own server) and, in
// development, proxies the API and vector tiles to the server on 127.0.0.1:PORT (default 3000).
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The API server's port: the same PORT variable the server reads (scripts/dev.ts runs both).
const API_TARGET = `http://127.0.0.1:${process.env.PORT || 3000}`

export default defineConfig({
  root: 'client',
  base: '/',
  plugins: [react()],
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

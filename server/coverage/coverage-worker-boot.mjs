// Entry of the coverage worker thread. A worker starts without the TypeScript loader of its parent
// (tsx under `npm start`, Vite under Vitest), so it loads the worker through tsx.
import { tsImport } from 'tsx/esm/api'

await tsImport('./coverage-worker.ts', import.meta.url)

// Entry of the bulk history's rollup thread. A worker starts without the TypeScript loader of its
// parent (tsx under `npm run seed`, Vite under Vitest), so it loads the worker through tsx.
import { tsImport } from 'tsx/esm/api'

await tsImport('./history-rollups-worker.ts', import.meta.url)

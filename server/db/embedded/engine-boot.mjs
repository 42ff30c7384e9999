// Entry of the embedded database's worker thread. A worker starts without the TypeScript loader
// of its parent (tsx under `npm start`, Vite under Vitest), so it loads the engine through tsx.
import { tsImport } from 'tsx/esm/api'

await tsImport('./engine.ts', import.meta.url)

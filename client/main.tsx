// Entry point: the bundled fonts and styles (all served by our own server), then the app.
import './zod-without-eval'
import '@fontsource/noto-sans-sc/400.css'
import 'maplibre-gl/dist/maplibre-gl.css'
// One sheet per view over the shared base, in this order (later sheets win ties).
import './styles/base.css'
import './styles/report.css'
import './styles/plan.css'
import './styles/console.css'
import './styles/wall.css'
import './styles/wall-remote.css'
import './styles/demo-badge.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './views/App'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

// Entry point: the bundled fonts and styles (all served by our own server), then the app.
import '@fontsource/noto-sans-sc/400.css'
import 'maplibre-gl/dist/maplibre-gl.css'
import './styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './views/App'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { SharedCallProvider } from 'shared-call/react'
import { App } from './App'
import { shared } from './lib/shared'
import './styles.css'

// StrictMode on purpose: it mounts every component twice in development, and
// the hook must neither abort nor repeat a fetch because of it.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SharedCallProvider value={shared}>
      <App />
    </SharedCallProvider>
  </StrictMode>,
)

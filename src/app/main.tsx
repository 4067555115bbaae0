import { PersistQueryClientProvider } from '@tanstack/react-query-persist-client'
import { StrictMode, startTransition } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { persister } from './lib/offline'
import { createQueryClient } from './lib/query-client'
import './index.css'

const queryClient = createQueryClient()

const root = createRoot(document.getElementById('root')!)
startTransition(() =>
  root.render(
    <StrictMode>
      <PersistQueryClientProvider
        client={queryClient}
        persistOptions={{ persister, maxAge: 7 * 24 * 3_600_000, buster: 'v1' }}
        // Decisions made without a connection, kept across a reload, go out once restored; what
        // was restored is shown at once but asked for again (it may be older than it looks).
        onSuccess={() =>
          void queryClient.resumePausedMutations().then(() => queryClient.invalidateQueries())
        }
      >
        <App />
      </PersistQueryClientProvider>
    </StrictMode>,
  ),
)

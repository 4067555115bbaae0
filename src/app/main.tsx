import { PersistQueryClientProvider } from '@tanstack/react-query-persist-client'
import { StrictMode, startTransition } from 'react'
import { createRoot } from 'react-dom/client'
import { App, preloadGovernorQueue } from './App'
import { seedFirstScreen } from './lib/first-screen'
import {
  persister,
  registerServiceWorkerLater,
  sendRestoredDecisions,
  shouldKeepDecision,
} from './lib/offline'
import { createQueryClient } from './lib/query-client'
import './index.css'

const queryClient = createQueryClient()
const startedAt = Date.now()

function start() {
  const root = createRoot(document.getElementById('root')!)
  startTransition(() => root.render(<Viza />))
}

registerServiceWorkerLater()

/** How long the first render waits for the queue's code before it draws a loading screen. */
const QUEUE_CODE_WAIT_MS = 1_500

// The governor's queue may have come inside the page: then the first render draws it, once its
// code is here (or, on a stalled link, the app's loading screen after a while, not a blank page).
// (Not a top-level await: the build would then split the app's own code into a dozen chunks,
// so that the screen's chunk can never wait on the entry that waits on it.)
if (seedFirstScreen(queryClient))
  void Promise.race([
    preloadGovernorQueue().catch(() => undefined), // the screen's own loader shows the failure
    new Promise((resolve) => setTimeout(resolve, QUEUE_CODE_WAIT_MS)),
  ]).then(start)
else start()

function Viza() {
  return (
    <StrictMode>
      <PersistQueryClientProvider
        client={queryClient}
        persistOptions={{
          persister,
          maxAge: 7 * 24 * 3_600_000,
          buster: 'v1',
          dehydrateOptions: { shouldDehydrateMutation: shouldKeepDecision },
        }}
        // Decisions made without a connection, kept across a reload, go out once restored; what
        // was restored is shown at once but asked for again (it may be older than it looks).
        // What this page has read since it opened, or came with, is not asked for twice.
        onSuccess={() =>
          void sendRestoredDecisions(queryClient).then(() =>
            queryClient.invalidateQueries({
              predicate: (query) => query.state.dataUpdatedAt < startedAt,
            }),
          )
        }
      >
        <App />
      </PersistQueryClientProvider>
    </StrictMode>
  )
}

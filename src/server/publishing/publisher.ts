/**
 * Publishing's public face: the ledger (ledger.ts — rows and their safe moves) and the worker
 * (worker.ts — the loop that sends). Kept so importers need not know the split.
 */
export {
  channelMode,
  enqueuePublications,
  NEEDS_PERSON,
  toPublicationDto,
  type PublicationRow,
} from './ledger'
export { Publisher, type SystemEvents } from './worker'

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../src/server/db/client'

/**
 * PGlite's initdb costs seconds and most of a gigabyte: migrate one database per run, dump it,
 * and let every test file start from a copy (docs/stack-notes.md).
 */
export default async function setup() {
  if (process.env.DATABASE_URL) return
  const db = await openDatabase({ dataDir: 'memory://' })
  const client = (db.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } })
    .$client
  const dump = await client.dumpDataDir('none')
  await db.close()
  const dir = mkdtempSync(join(tmpdir(), 'viza-test-'))
  const path = join(dir, 'migrated.tar')
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()))
  process.env.VIZA_TEST_PGLITE_DUMP = path
}

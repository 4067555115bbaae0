/**
 * Writes the OpenAPI document that the server serves at /api/openapi.json, generated from the
 * declared routes (no server, no database): `npm run lint:openapi` lints it with Redocly.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { openApiDocument } from '../src/server/api'

const out = process.argv[2] ?? 'test-results/openapi.json'
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, JSON.stringify(openApiDocument(), null, 2) + '\n')
console.log(`OpenAPI document written to ${out}`)

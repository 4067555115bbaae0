import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { ESLint } from 'eslint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The import rules are lint errors, proved with deliberately wrong code: a wrong import and a
 * cycle fail `npm run lint` the way a real one would.
 */
const eslint = new ESLint()
const rulesFor = async (code: string, filePath: string) =>
  (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => m.ruleId)

describe('import zones', { timeout: 60_000 }, () => {
  it('a feature importing another feature fails', async () => {
    expect(
      await rulesFor(
        "import { x } from '../post/EditorPostPage'\nexport const y = x\n",
        'src/app/features/review/Wrong.tsx',
      ),
    ).toContain('import-x/no-restricted-paths')
  })

  it('production server code importing the MSW emulations fails', async () => {
    expect(
      await rulesFor(
        "import { EMULATED } from '../../mocks/channel-accounts'\nexport const y = EMULATED\n",
        'src/server/channels/wrong.ts',
      ),
    ).toContain('import-x/no-restricted-paths')
  })

  it('the shared contract importing the server fails', async () => {
    expect(
      await rulesFor(
        "import { x } from '../../server/seed'\nexport const y = x\n",
        'src/shared/api/wrong.ts',
      ),
    ).toContain('import-x/no-restricted-paths')
  })

  it('the browser importing server code as a value, or Hono itself, fails', async () => {
    expect(
      await rulesFor(
        "import { apiRoutes } from '../../server/api'\nexport const y = apiRoutes\n",
        'src/app/lib/wrong.ts',
      ),
    ).toContain('no-restricted-imports')
    expect(
      await rulesFor(
        "import { Hono } from 'hono'\nexport const y = Hono\n",
        'src/app/lib/wrong.ts',
      ),
    ).toContain('no-restricted-imports')
    expect(
      await rulesFor(
        "import { OpenAPIHono } from '@hono/zod-openapi'\nexport const y = OpenAPIHono\n",
        'src/app/lib/wrong.ts',
      ),
    ).toContain('no-restricted-imports')
  })

  it('the browser may import the API type and the hono client', async () => {
    expect(
      await rulesFor(
        "import { hc } from 'hono/client'\nimport type { ApiType } from '../../server/api'\nexport const y = hc<ApiType>('/api')\n",
        'src/app/lib/right.ts',
      ),
    ).toEqual([])
  })

  it('the shared contract importing the OpenAPI machinery fails', async () => {
    expect(
      await rulesFor(
        "import { z } from '@hono/zod-openapi'\nexport const y = z\n",
        'src/shared/api/wrong.ts',
      ),
    ).toContain('no-restricted-imports')
  })

  it('the domain importing node:* fails', async () => {
    expect(
      await rulesFor(
        "import { readFileSync } from 'node:fs'\nexport const y = readFileSync\n",
        'src/domain/wrong.ts',
      ),
    ).toContain('no-restricted-imports')
  })
})

describe('cycles', { timeout: 60_000 }, () => {
  const dir = `src/server/lint-fixture-${process.pid}`
  beforeAll(() => {
    mkdirSync(dir, { recursive: true })
    writeFileSync(`${dir}/a.ts`, "import { b } from './b'\nexport const a = () => b\n")
    writeFileSync(`${dir}/b.ts`, "import { a } from './a'\nexport const b = () => a\n")
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('a value import cycle fails', async () => {
    const [result] = await eslint.lintFiles([`${dir}/a.ts`])
    expect(result!.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle')
  })
})

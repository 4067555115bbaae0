import { parseArgs } from 'node:util'
import { UsageError } from './cli-usage'
import {
  WorkingCalendar,
  deadlineFor,
  deadlineKinds,
  formatRegionIso,
  type DeadlineKind,
} from '../domain/calendar'

const USAGE = `Использование:
  viza deadline --kind regular|urgent|comment --from <ISO 8601> [--from …]
  viza user add --login L --name "Имя" --role editor|department|governor|admin [--department <id или краткое имя>] [--email адрес]   (пароль читается из stdin)
  viza department list [--json]
  viza report --from ГГГГ-ММ-ДД --to ГГГГ-ММ-ДД --format csv|xlsx [--out файл]   (дисциплина департаментов; csv без --out — в stdout)

Переменные окружения: VIZA_DATA_DIR (по умолчанию ./data) или DATABASE_URL (PostgreSQL).`

type Io = { out: (s: string) => void; err: (s: string) => void; stdin: () => Promise<string> }

const defaultIo: Io = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
  stdin: async () => {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  },
}

/** Runs one CLI command; returns the exit code (2 for bad input, as shells expect). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    const [command, sub] = argv
    if (command === 'deadline') return deadlineCommand(argv.slice(1), io)
    if (command === 'user' && sub === 'add') {
      const { userAdd } = await import('./cli-db')
      return await userAdd(argv.slice(2), io)
    }
    if (command === 'department' && sub === 'list') {
      const { departmentList } = await import('./cli-db')
      return await departmentList(argv.slice(2), io)
    }
    if (command === 'report') {
      const { report } = await import('./cli-db')
      return await report(argv.slice(1), io)
    }
    if (command === undefined || command === '--help' || command === 'help') {
      io.out(USAGE)
      return command === undefined ? 2 : 0
    }
    throw new UsageError(`Неизвестная команда: ${argv.join(' ')}`)
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e)) {
      io.err(`Ошибка: ${e.message}\n\n${USAGE}`)
      return 2
    }
    throw e
  }
}

/** ISO 8601 with an explicit offset or Z: a bare local time would depend on the machine. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i

export function parseInstant(value: string): Date {
  if (!ISO_WITH_OFFSET.test(value)) {
    throw new UsageError(
      `«${value}» — не время ISO 8601 со смещением (пример: 2026-12-01T15:00:00+05:00 или 2026-12-01T10:00:00Z)`,
    )
  }
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) throw new UsageError(`«${value}» — несуществующая дата`)
  // Date() rolls 2026-02-30 over to March; refuse instead.
  const [, m, d] = value.slice(0, 10).split('-').map(Number)
  const probe = new Date(Date.UTC(Number(value.slice(0, 4)), m! - 1, d!))
  if (probe.getUTCMonth() !== m! - 1) throw new UsageError(`«${value}» — несуществующая дата`)
  return date
}

function deadlineCommand(args: string[], io: Io): number {
  const { values } = parseArgs({
    args,
    options: { kind: { type: 'string' }, from: { type: 'string', multiple: true } },
    strict: true,
    allowPositionals: false,
  })
  const kind = values.kind
  if (!kind || !(deadlineKinds as readonly string[]).includes(kind)) {
    throw new UsageError(`--kind должен быть одним из: ${deadlineKinds.join(', ')}`)
  }
  if (!values.from?.length) throw new UsageError('нужен хотя бы один --from')
  const starts = values.from.map(parseInstant)
  const calendar = new WorkingCalendar()
  for (const start of starts) {
    io.out(formatRegionIso(deadlineFor(calendar, kind as DeadlineKind, start).dueAt))
  }
  return 0
}

export { UsageError }

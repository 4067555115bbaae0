import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { z } from 'zod'
import { IMPORT_NOTE } from './import-note'
import { addDays, isoDate, regionDay, type IsoDate } from './region'
import { WorkingCalendar, type CalendarSettings, type DayOverride } from './working-calendar'

/**
 * The production calendar in the XML format that Russian accounting software exchanges
 * (`<calendar year="2027"><holidays><holiday id="1" title="…"/></holidays><days><day d="01.01"
 * t="1" h="1"/>…</days></calendar>`). A `<day>` lists only exceptions to the five-day week:
 * `t="1"` a day off, `t="2"` a shortened pre-holiday day, `t="3"` a worked weekend day; `h` is
 * the holiday's id, `f` (optional) the date a day off was moved from.
 */
export type DayType = 'dayOff' | 'short' | 'working'

export interface ImportedDay {
  date: IsoDate
  type: DayType
  holiday?: string
  /** Where a transferred day off came from. */
  from?: IsoDate
}

export interface ImportedYear {
  year: number
  days: ImportedDay[]
}

/** Malformed input: every problem found, in Russian, ready to show to the admin. */
export class CalendarXmlError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '))
    this.name = 'CalendarXmlError'
  }
}

const MAX_XML_CHARS = 200_000
const TYPES: Record<string, DayType> = { '1': 'dayOff', '2': 'short', '3': 'working' }

const dayAttrs = z.object({
  d: z.string().regex(/^\d{2}\.\d{2}$/, 'дата в формате ДД.ММ'),
  t: z.enum(['1', '2', '3'], 'тип дня 1, 2 или 3'),
  h: z.string().max(10).optional(),
  f: z
    .string()
    .regex(/^\d{2}\.\d{2}$/, 'дата переноса в формате ДД.ММ')
    .optional(),
})

const asArray = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v]

function dateOf(year: number, ddmm: string): IsoDate | null {
  const [dd, mm] = ddmm.split('.').map(Number) as [number, number]
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null
  const date = isoDate(year, mm, dd)
  // 31.02 and the like roll over: a real date reads back the same.
  return addDays(date, 0) === date ? date : null
}

/**
 * Parses and checks one year. Safe on hostile input: no DOCTYPE (so no entity expansion of any
 * kind), entities left as text, a size limit; every malformed part is reported, not just the first.
 */
/** fast-xml-parser's validator explains in English; the admin reads Russian. */
const xmlProblems: Array<[RegExp, (name: string) => string]> = [
  [/^Unclosed tag '(.*)'/, (n) => `тег <${n}> не закрыт`],
  [/^Closing tag '(.*)' has not been opened/, (n) => `закрывающий тег </${n}> без открывающего`],
  [/^Closing tag '(.*)' doesn't have proper closing/, (n) => `тег </${n}> не дописан`],
  [/^Closing tag '(.*)' can't have attributes/, (n) => `в закрывающем теге </${n}> лишнее`],
  [/^Expected closing tag '(.*?)'/, (n) => `ожидался закрывающий тег </${n}>`],
  [/^Attributes for '(.*)' have open quote/, (n) => `у атрибутов <${n}> не закрыта кавычка`],
  [/^Attribute '(.*)' is repeated/, (n) => `атрибут ${n} повторяется`],
  [
    /^Attribute '(.*)' is without value|^attribute (\S+) has no value/,
    (n) => `у атрибута ${n} нет значения`,
  ],
  [/^char '(.*)' is not expected/, (n) => `неожиданный символ «${n}»`],
  [/^Multiple possible root nodes/, () => 'в файле больше одного корневого элемента'],
  [/^Extra text at the end/, () => 'лишний текст в конце файла'],
  [/^Start tag expected/, () => 'файл должен начинаться с тега'],
  [/^XML declaration allowed only at the start/, () => 'объявление <?xml?> не в начале файла'],
]
const xmlProblemByCode: Record<string, string> = {
  InvalidTag: 'ошибка в тегах',
  InvalidAttr: 'ошибка в атрибутах',
  InvalidChar: 'недопустимый символ',
}

function xmlProblemRu(code: string, message: string): string {
  for (const [pattern, say] of xmlProblems) {
    const m = pattern.exec(message)
    if (m) return say(m[1] ?? m[2] ?? '')
  }
  return xmlProblemByCode[code] ?? 'ошибка в строении XML'
}

export function parseProductionCalendarXml(input: string): ImportedYear {
  const xml = input.replace(/^\uFEFF/, '').trim()
  if (xml.length > MAX_XML_CHARS)
    throw new CalendarXmlError(['Файл больше 200 КБ: это не производственный календарь'])
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new CalendarXmlError(['В файле есть DOCTYPE или ENTITY: такие файлы не принимаются'])
  const valid = XMLValidator.validate(xml)
  if (valid !== true)
    throw new CalendarXmlError([
      `Файл не читается как XML: строка ${valid.err.line}, позиция ${valid.err.col} (${xmlProblemRu(valid.err.code, valid.err.msg)})`,
    ])
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    processEntities: false,
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => name === 'day' || name === 'holiday',
  }).parse(xml) as {
    calendar?: {
      year?: string
      holidays?: { holiday?: Array<{ id?: string; title?: string }> }
      days?: { day?: unknown[] }
    }
  }
  const cal = doc.calendar
  if (!cal || typeof cal !== 'object')
    throw new CalendarXmlError([
      'Нет элемента <calendar year="…">: это не производственный календарь',
    ])
  const year = Number(cal.year)
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new CalendarXmlError([
      `Год в <calendar year="…"> должен быть от 2000 до 2100, а не «${cal.year ?? ''}»`,
    ])
  const holidays = new Map(
    asArray(cal.holidays?.holiday).map((h) => [String(h.id ?? ''), String(h.title ?? '')]),
  )
  const rawDays = asArray(cal.days?.day)
  if (rawDays.length === 0)
    throw new CalendarXmlError(['В файле нет ни одного дня (<days><day …/>)'])

  const issues: string[] = []
  const days: ImportedDay[] = []
  const seen = new Set<IsoDate>()
  rawDays.forEach((raw, i) => {
    const where = `день № ${i + 1}`
    const parsed = dayAttrs.safeParse(raw)
    if (!parsed.success) {
      issues.push(
        `${where}: ${parsed.error.issues.map((x) => `${String(x.path[0] ?? '')} — ${x.message}`).join(', ')}`,
      )
      return
    }
    const { d, t, h, f } = parsed.data
    const date = dateOf(year, d)
    if (!date) return void issues.push(`${where}: нет такой даты ${d}.${year}`)
    if (seen.has(date)) return void issues.push(`${where}: дата ${d} указана дважды`)
    seen.add(date)
    const from = f ? dateOf(year, f) : undefined
    if (f && !from) return void issues.push(`${where}: нет такой даты переноса ${f}.${year}`)
    days.push({
      date,
      type: TYPES[t]!,
      ...(h && holidays.get(h) ? { holiday: holidays.get(h) } : {}),
      ...(from ? { from } : {}),
    })
  })
  if (issues.length) throw new CalendarXmlError(issues.slice(0, 20))
  days.sort((a, b) => a.date.localeCompare(b.date))
  return { year, days }
}

/** What a day is for deadlines: off, a full working day, or a shortened one. */
function typeIn(calendar: WorkingCalendar, date: IsoDate): DayType {
  const kind = calendar.day(date).kind
  return kind === 'working' ? 'working' : kind === 'short' ? 'short' : 'dayOff'
}

/** A year's days as the file says: listed exceptions over a Monday–Friday week. */
function importedTypes(imported: ImportedYear): Map<IsoDate, DayType> {
  const listed = new Map(imported.days.map((d) => [d.date, d.type]))
  const out = new Map<IsoDate, DayType>()
  for (let d = isoDate(imported.year, 1, 1); d.startsWith(String(imported.year)); d = addDays(d, 1))
    out.set(d, listed.get(d) ?? (regionDay(d).weekday >= 6 ? 'dayOff' : 'working'))
  return out
}

export interface DayChange {
  date: IsoDate
  was: DayType
  becomes: DayType
  holiday?: string
}

export interface CalendarImportDiff {
  year: number
  /** Working (or short) in Viza, a day off in the file. */
  addedDaysOff: DayChange[]
  /** A day off in Viza, worked in the file (a transfer's working Saturday, for one). */
  removedDaysOff: DayChange[]
  /** Shortened in the file and not in Viza. */
  shortened: DayChange[]
  /** Shortened in Viza and a full working day in the file. */
  noLongerShortened: DayChange[]
  /** Transfers the file names (`f`): the day off moved from → to. */
  transfers: Array<{ from: IsoDate; to: IsoDate }>
  /** True when Viza already has exactly the file's days. */
  same: boolean
}

/** The difference between what Viza has now for the year (admin changes included) and the file. */
export function diffProductionYear(
  settings: CalendarSettings,
  imported: ImportedYear,
): CalendarImportDiff {
  const calendar = new WorkingCalendar(settings)
  const holidayOf = new Map(imported.days.map((d) => [d.date, d.holiday]))
  const diff: CalendarImportDiff = {
    year: imported.year,
    addedDaysOff: [],
    removedDaysOff: [],
    shortened: [],
    noLongerShortened: [],
    transfers: imported.days.filter((d) => d.from).map((d) => ({ from: d.from!, to: d.date })),
    same: true,
  }
  for (const [date, becomes] of importedTypes(imported)) {
    const was = typeIn(calendar, date)
    if (was === becomes) continue
    const holiday = holidayOf.get(date)
    const change: DayChange = { date, was, becomes, ...(holiday ? { holiday } : {}) }
    if (becomes === 'dayOff') diff.addedDaysOff.push(change)
    else if (was === 'dayOff') diff.removedDaysOff.push(change)
    else if (becomes === 'short') diff.shortened.push(change)
    else diff.noLongerShortened.push(change)
  }
  diff.same =
    diff.addedDaysOff.length +
      diff.removedDaysOff.length +
      diff.shortened.length +
      diff.noLongerShortened.length ===
    0
  return diff
}

export { IMPORT_NOTE }

/**
 * The settings after applying the file: the year's earlier admin changes are replaced by the
 * days where the built-in data differs from the file, and the year is confirmed (official).
 */
export function applyProductionYear(
  settings: CalendarSettings,
  imported: ImportedYear,
): CalendarSettings {
  const prefix = `${imported.year}-`
  const others = settings.overrides.filter((o) => !o.date.startsWith(prefix))
  const base = new WorkingCalendar({ ...settings, overrides: [] })
  const added: DayOverride[] = []
  for (const [date, type] of importedTypes(imported)) {
    if (typeIn(base, date) !== type) added.push({ date, kind: type, note: IMPORT_NOTE })
  }
  return {
    ...settings,
    overrides: [...others, ...added].sort((a, b) => a.date.localeCompare(b.date)),
    confirmedYears: [...new Set([...settings.confirmedYears, imported.year])].sort(),
  }
}

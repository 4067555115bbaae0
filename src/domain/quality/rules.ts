/**
 * The rules of the «отписка» checker, one function each. They read the text only; the
 * spelling rule also takes the speller. Severities are the answer's: `check.ts` turns every
 * issue of a post draft into a warning.
 */
import { concreteFacts } from './facts'
import { LEGAL_REFERENCE } from './legal'
import { sentences, words } from './text'
import type { QualityIssue, Speller } from './types'

const issue = (
  rule: QualityIssue['rule'],
  severity: QualityIssue['severity'],
  start: number,
  end: number,
  message: string,
  suggestions: string[] = [],
): QualityIssue => ({ rule, severity, start, end, message, suggestions })

// ── Greeting ──────────────────────────────────────────────────────────────────────────────

const GREETING =
  /^(?:здравствуйте|добрый\s+(?:день|вечер)|доброе\s+утро|доброго\s+(?:дня|времени\s+суток)|приветствую\s+вас|уважаем(?:ый|ая|ые))(?![\p{L}])/iu
const INFORMAL_GREETING =
  /^(?:привет\p{L}*|здрасьте|здрасте|хай|салют|добрый|здаров\p{L}*)(?![\p{L}])/iu

/**
 * An answer opens with a greeting: «Здравствуйте, Мария!», «Добрый день!». A missing one is
 * marked on the first sentence and suggested as an insertion before it (nothing of the answer
 * is deleted); an informal one («Привет, Мария!») is marked alone and replaced.
 */
export function greetingRule(text: string): QualityIssue[] {
  const lead = text.length - text.trimStart().length
  const body = text.slice(lead)
  if (!body.trim()) return []
  if (GREETING.test(body)) return []
  const informal = body.match(INFORMAL_GREETING)
  if (informal)
    return [
      issue(
        'greeting',
        'block',
        lead,
        lead + informal[0].length,
        'Приветствие слишком разговорное: начните с «Здравствуйте» или «Добрый день»',
        ['Здравствуйте', 'Добрый день'],
      ),
    ]
  const first = sentences(text)[0]
  const end = first ? Math.min(first.end, lead + 60) : Math.min(text.length, lead + 60)
  return [
    {
      ...issue(
        'greeting',
        'block',
        lead,
        end,
        'Ответ должен начинаться с приветствия: «Здравствуйте, …!» или «Добрый день!»',
        ['Здравствуйте! ', 'Добрый день! '],
      ),
      insert: true,
    },
  ]
}

/** The text with one suggestion applied: inserted before the issue, or in place of its range. */
export function applySuggestion(text: string, issue: QualityIssue, by: string): string {
  return text.slice(0, issue.start) + by + text.slice(issue.insert ? issue.start : issue.end)
}

// ── Spelling ──────────────────────────────────────────────────────────────────────────────

const CYRILLIC = /\p{Script=Cyrillic}/u
const ALL_CAPS = /^[\p{Lu}-]+$/u

/** Does the speller know the word, as written, in lower case, or each part of a hyphenated one? */
function known(speller: Speller, word: string): boolean {
  if (speller.correct(word)) return true
  const lower = word.toLowerCase()
  if (lower !== word && speller.correct(lower)) return true
  if (/[-‐]/.test(word)) {
    const parts = word.split(/[-‐]/)
    // «что-нибудь», «северо-восток», «Ханты-Мансийск»: every part a word of its own
    if (
      parts.every((p) => p.length > 0 && (speller.correct(p) || speller.correct(p.toLowerCase())))
    )
      return true
    // «из-за», «по-прежнему»: the dictionary has them whole in lower case
    return speller.correct(lower)
  }
  return false
}

/**
 * Suggestions cost tens of milliseconds a word: only the first 15 unknown words (of at most
 * 30 letters) get them, so a text of garbage cannot keep a server busy.
 */
const MAX_SUGGESTED = 15
const MAX_SUGGESTED_LENGTH = 30

/**
 * Every Cyrillic word the dictionary (with the region's words) does not know. `onIssue` hears
 * each finding as it is made (the server's checker passes them on before the text is done).
 */
export function spellingRule(
  text: string,
  speller: Speller,
  onIssue?: (issue: QualityIssue) => void,
): QualityIssue[] {
  const out: QualityIssue[] = []
  for (const w of words(text)) {
    if (!CYRILLIC.test(w.text)) continue // Latin names, brands: not checked
    if (w.text.length > 1 && ALL_CAPS.test(w.text) && w.text.length <= 6) continue // МФЦ, ЖКХ
    if (w.text.length === 1) continue
    if (known(speller, w.text)) continue
    const suggestions =
      out.length < MAX_SUGGESTED && w.text.length <= MAX_SUGGESTED_LENGTH
        ? speller.suggest(w.text)
        : []
    const found = issue(
      'spelling',
      'block',
      w.start,
      w.end,
      suggestions.length > 0
        ? `Ошибка в слове «${w.text}»: возможно, «${suggestions[0]}»`
        : `Слова «${w.text}» нет в словаре: проверьте написание`,
      suggestions,
    )
    out.push(found)
    onIssue?.(found)
  }
  return out
}

// ── Colloquialisms ────────────────────────────────────────────────────────────────────────

interface Pattern {
  re: RegExp
  /** the plain word to use instead, when there is one */
  instead?: string[]
}

const w = (body: string) => new RegExp(`(?<![\\p{L}])(?:${body})(?![\\p{L}])`, 'giu')

const COLLOQUIAL: Pattern[] = [
  { re: w('щас|счас|щя|ща|сейчас-то'), instead: ['сейчас'] },
  // «короче» as a filler, not the comparative («путь стал короче, чем…»)
  { re: /(?:(?<=^|[.!?…]\s*)|(?<=,\s*))короче(?=\s*[,.!…](?!\s*чем)|\s*$)/giu, instead: [] },
  { re: w('кароче|кароч|короч') },
  // «всё норм», not «санитарных норм»
  {
    re: /(?<=(?:^|[\s,])(?:всё|все|будет|было|вроде|уже|это)\s+)норм(?![\p{L}])/giu,
    instead: ['в порядке'],
  },
  { re: w('нормас|нормуль') },
  { re: /(?<![\p{L}])(?:ок|Ок|окей|Окей|окэй|оки)(?![\p{L}])/gu, instead: ['хорошо'] },
  { re: w('чё|че|ничё|чо|шо'), instead: ['что'] },
  { re: w('типа того|как бы то ни было, короче') },
  { re: w('походу'), instead: ['по-видимому'] },
  { re: w('прям'), instead: ['прямо'] },
  { re: w('ваще|вааще'), instead: ['вообще'] },
  { re: w('инфа|инфу|инфой|инфы'), instead: ['информация'] },
  { re: w('спс|спасибки|пасиб|пасибо|плиз|пжлст|пжл|пж|сорян|сорри|сори'), instead: [] },
  { re: w('имхо|лол|мб|кмк|тыща|тыщи|тыщ'), instead: [] },
  {
    re: w(
      'чувак|прикол\\p{L}*|прикинь\\p{L}*|ништяк|капец|жесть|движух\\p{L}*|халяв\\p{L}*|заморач\\p{L}*|замороч\\p{L}*|тупо',
    ),
  },
  { re: /(?:(?<=^|[.!?…]\s*))(?:Ну|Ага|Угу|Неа|Ладно|Лан)(?=\s*[,.!])/gu },
  // «типа» as a filler («мы типа сделаем», «Типа, всё будет»), not the genitive of «тип»:
  // «нового типа», «два типа», «автобусы типа ПАЗ» pass
  {
    re: /(?<![\p{L}])(?<!(?:[оеё]го|[ое]й|[ыи]х|дв[аух]+|тр[иёех]+|четыр\p{L}*|оба|\d)\s+)[Тт]ипа(?![\p{L}])(?!\s*[«"„\p{Lu}\d])/gu,
  },
  { re: w('ну\\s+вы\\s+(?:поняли|понимаете)|сами\\s+понимаете|вы\\s+же\\s+понимаете') },
  { re: /(?<=[\s,])блин(?=\s*[,!.…])/giu },
]

/** Colloquial words and fillers («щас», «короче,», «норм», «ок»): not the language of an answer. */
export function colloquialRule(text: string): QualityIssue[] {
  const out: QualityIssue[] = []
  for (const { re, instead } of COLLOQUIAL) {
    for (const m of text.matchAll(re)) {
      const found = m[0]
      out.push(
        issue(
          'colloquial',
          'block',
          m.index,
          m.index + found.length,
          instead && instead.length > 0
            ? `Разговорное слово «${found}»: напишите «${instead[0]}»`
            : `Разговорное слово «${found}»: в ответе жителю так не пишут`,
          instead ?? [],
        ),
      )
    }
  }
  return out
}

// ── Rudeness ──────────────────────────────────────────────────────────────────────────────

const RUDE_PHRASES = w(
  [
    'не ваше дело',
    'не ваша забота',
    'не ваша проблема',
    'читайте внимательнее',
    'читать надо внимательнее',
    'надо читать внимательнее',
    'сами виноваты',
    'сам виноват',
    'сама виновата',
    'нечего жаловаться',
    'хватит жаловаться',
    'хватит писать',
    'не пишите сюда',
    'не надо сюда писать',
    'отстаньте',
    'разбирайтесь сами',
    'обращайтесь куда хотите',
    'нам некогда',
    'нам не до вас',
    'вам же сказали',
    'вам уже сказали',
    'сколько можно повторять',
    'что тут непонятного',
    'что непонятного',
    'как вы не понимаете',
    'глупый вопрос',
    'странный вопрос',
    'надо было думать',
    'раньше надо было думать',
    'не морочьте',
    'не выдумывайте',
    'не сочиняйте',
  ].join('|'),
)
const RUDE_WORDS = w(
  'бред\\p{L}*|чушь|ерунд\\p{L}*|идиот\\p{L}*|дурак\\p{L}*|дур[ао]\\p{L}*|тупой|тупая|тупые|тупица|бестолков\\p{L}*|кретин\\p{L}*|придур\\p{L}*|неадекват\\p{L}*|истерик\\p{L}*|кляузник\\p{L}*|жалобщик\\p{L}*|склочн\\p{L}*',
)
// obscene roots, matched from the start of a word; the message never repeats the word
const OBSCENE = w(
  'бля\\p{L}*|пизд\\p{L}*|[её]б(?:ан|ну|ат|ал|ыр|уч)\\p{L}*|х[уy][йеёяю]\\p{L}*|мудак\\p{L}*|муда\\p{L}*|сука|суки|сучк\\p{L}*|говн\\p{L}*|жоп\\p{L}*|срать|сраный|херн\\p{L}*|нахер|похер',
)

// a bare order to wait («Ждите.», «ждите ответа»), not «не ждите, звоните сразу»
const CURT = /(?<![\p{L}])(?<!не\s+)ждите(?![\p{L}])/giu

/** Each kind of rude wording and what the finding says (an obscene word is never repeated). */
const RUDENESS: Array<[RegExp, (found: string) => string]> = [
  [CURT, (found) => `Отрывистое «${found}»: напишите, что и к какой дате будет сделано`],
  [RUDE_PHRASES, (found) => `Грубая формулировка «${found}»: объясните по существу и вежливо`],
  [RUDE_WORDS, (found) => `Оскорбительное слово «${found}»: в ответе жителю недопустимо`],
  [OBSCENE, () => 'Бранное слово: удалите его'],
]

/** Rude, dismissive or obscene wording. Never repeats an obscene word in its message. */
export function rudenessRule(text: string): QualityIssue[] {
  return RUDENESS.flatMap(([pattern, say]) =>
    [...text.matchAll(pattern)].map((m) =>
      issue('rudeness', 'block', m.index, m.index + m[0].length, say(m[0])),
    ),
  )
}

// ── Hollow formulas ───────────────────────────────────────────────────────────────────────

const HOLLOW: Array<[RegExp, string]> = [
  [
    /(?<![\p{L}])(?:(?:ваш\p{L}*\s+)?(?:вопрос|обращени\p{L}*|ситуаци\p{L}*|проблем\p{L}*)\s+)?(?:находится|находятся|остаётся|остается|взят[аоы]?|поставлен[аоы]?)\s+на\s+(?:особом\s+|личном\s+)?контрол\p{L}*/giu,
    'на контроле',
  ],
  [
    /(?<![\p{L}])(?:в\s+рамках|в\s+пределах|по)\s+(?:своей\s+|нашей\s+)?компетенци\p{L}*/giu,
    'по компетенции',
  ],
  [
    /(?<![\p{L}])(?:будет|будут|было|были)\s+рассмотрен\p{L}*\s+в\s+установленном\s+(?:законом\s+)?порядке/giu,
    'в установленном порядке',
  ],
  [
    /(?<![\p{L}])в\s+установленн\p{L}*\s+(?:законом\s+)?(?:порядке|сроки)/giu,
    'в установленном порядке',
  ],
  [
    /(?<![\p{L}])(?:принят\p{L}*|будут\s+приняты|примем)\s+(?:все\s+)?(?:необходим\p{L}*|исчерпывающ\p{L}*|соответствующ\p{L}*|надлежащ\p{L}*)\s+мер\p{L}*/giu,
    'приняты меры',
  ],
  [
    /(?<![\p{L}])(?:(?:ведётся|ведется|проводится|будет\s+проведена)\s+(?:соответствующая\s+|необходимая\s+)?работа|работа\s+(?:ведётся|ведется|проводится)|вопрос\s+прорабатывается|прорабатывается\s+вопрос)/giu,
    'ведётся работа',
  ],
  [/(?<![\p{L}])в\s+ближайшее\s+время/giu, 'в ближайшее время'],
  [
    /(?<![\p{L}])по\s+мере\s+(?:возможност\p{L}*|финансировани\p{L}*|поступлени\p{L}*\s+средств)/giu,
    'по мере возможности',
  ],
  [
    /(?<![\p{L}])при\s+наличии\s+(?:финансировани\p{L}*|средств|возможност\p{L}*)/giu,
    'при наличии средств',
  ],
  [/(?<![\p{L}])(?:информация\s+)?принят[аоы]?\s+к\s+сведению/giu, 'принято к сведению'],
  [
    /(?<![\p{L}])(?:направлен[оа]?|передан[оа]?)\s+(?:для\s+рассмотрения\s+)?в\s+(?:профильн\p{L}*|компетентн\p{L}*|соответствующ\p{L}*)\s+(?:орган|ведомств|структур)\p{L}*/giu,
    'направлено в профильный орган',
  ],
]

/** Formulas that say nothing, flagged when the answer carries no concrete fact at all. */
export function hollowRule(text: string): QualityIssue[] {
  if (concreteFacts(text).length > 0) return []
  const out: QualityIssue[] = []
  for (const [re, name] of HOLLOW) {
    for (const m of text.matchAll(re)) {
      if (out.some((o) => m.index < o.end && o.start < m.index + m[0].length)) continue
      out.push(
        issue(
          'hollow',
          'warn',
          m.index,
          m.index + m[0].length,
          `Формула «${name}» без факта: добавьте, что именно сделано или будет сделано, где и к какой дате`,
        ),
      )
    }
  }
  return out
}

// ── Pasted legislation ────────────────────────────────────────────────────────────────────

/** The register of statutes: impersonal rules, not a person's case. */
const LEGALESE =
  /(?:осуществляется|осуществляются|устанавливается|устанавливаются|определяется|определяются|предусмотрен\p{L}*|в\s+порядке,\s+установленном|если\s+иное\s+не|в\s+случа(?:е|ях),\s+(?:если|предусмотренн)|настоящ(?:им|его|ей|ая|ий)\s+(?:закон|стать|пункт|кодекс|постановлени)|в\s+целях\s+|органы\s+(?:государственной\s+власти|местного\s+самоуправления)|уполномоченн\p{L}*\s+(?:орган|федеральн)|нормативн\p{L}*\s+правов\p{L}*|граждан\p{L}*\s+(?:имеют|вправе)|обязан\p{L}*\s+обеспечи\p{L}*|подлежит|подлежат|не\s+допускается|допускается)/giu

const MIN_PASTED = 280

/**
 * A run of sentences in the language of statutes (each cites an act or reads like one), at
 * least 280 characters long: a quotation in place of saying where the person's case stands.
 * One sentence citing an article in passing is fine.
 */
export function legislationRule(text: string): QualityIssue[] {
  const list = sentences(text)
  const legal = list.map((s) => {
    const legalese = s.text.match(LEGALESE)?.length ?? 0
    return LEGAL_REFERENCE.test(s.text) ? legalese >= 1 || s.text.length > 160 : legalese >= 2
  })
  const out: QualityIssue[] = []
  let i = 0
  while (i < list.length) {
    if (!legal[i]) {
      i++
      continue
    }
    let j = i
    while (j + 1 < list.length && legal[j + 1]) j++
    const start = list[i]!.start
    const end = list[j]!.end
    const runHasReference = list.slice(i, j + 1).some((s) => LEGAL_REFERENCE.test(s.text))
    if (end - start >= MIN_PASTED && runHasReference)
      out.push(
        issue(
          'legislation',
          'warn',
          start,
          end,
          'Похоже на выдержку из закона: вместо цитаты напишите, что сделано по обращению жителя и что будет дальше',
        ),
      )
    i = j + 1
  }
  return out
}

// ── No specifics at all ───────────────────────────────────────────────────────────────────

/** An answer with no date, number, address, contact, organisation or named next step. */
export function specificsRule(text: string): QualityIssue[] {
  if (!text.trim()) return []
  if (concreteFacts(text).length > 0) return []
  const lead = text.length - text.trimStart().length
  return [
    issue(
      'specifics',
      'warn',
      lead,
      text.trimEnd().length,
      'В ответе нет ничего конкретного: укажите, что сделано или будет сделано, где, когда и кто отвечает',
    ),
  ]
}

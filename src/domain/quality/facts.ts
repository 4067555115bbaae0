import { legalReferenceRanges } from './legal'
import { EMAIL } from './text'
/**
 * Concrete facts in an answer: what makes it an answer rather than an «отписка». A date, a
 * number (an amount, a distance, a route, a house), an address or place, a contact, a link,
 * a named organisation, or a named next step («яму заделают», «автобус № 12 пустят»).
 */

export type FactKind = 'date' | 'number' | 'address' | 'contact' | 'step' | 'organisation'

export interface Fact {
  kind: FactKind
  start: number
  end: number
}

const MONTHS =
  'январ[яеь]|феврал[яеь]|март[аеу]?|апрел[яеь]|ма[яйе]|июн[яеь]|июл[яеь]|август[аеу]?|сентябр[яеь]|октябр[яеь]|ноябр[яеь]|декабр[яеь]'

const PATTERNS: Array<[FactKind, RegExp]> = [
  // 12.05.2026, 12.05, 12 мая, в мае 2026 года, к 1 июня, во II квартале, до 15:00
  ['date', /\b\d{1,2}\.\d{1,2}(?:\.\d{2,4})?\b/gu],
  ['date', new RegExp(`(?<![\\p{L}])\\d{1,2}\\s+(?:${MONTHS})(?![\\p{L}])`, 'giu')],
  ['date', new RegExp(`(?<![\\p{L}])(?:${MONTHS})(?![\\p{L}])\\s+\\d{4}`, 'giu')],
  ['date', /(?<![\p{L}])(?:[IV]{1,3}|[1-4](?:-?м)?)\s+квартал\p{L}*/giu],
  ['date', /(?<![\p{L}])(?:в|до|с|к|после)\s+\d{1,2}[:.]\d{2}(?!\d)/giu],
  [
    'date',
    /(?<![\p{L}])(?:завтра|послезавтра|в понедельник|во вторник|в среду|в четверг|в пятницу|в субботу|в воскресенье)(?![\p{L}])/giu,
  ],
  // phone numbers, e-mail addresses and links: where to go next
  ['contact', /(?:\+7|8)[\s(-]*\d{3,4}[\s)-]*\d{1,3}[\s-]*\d{2}[\s-]*\d{2}/gu],
  ['contact', EMAIL],
  ['contact', /(?:https?:\/\/|www\.)\S+/giu],
  // addresses and places
  [
    'address',
    /(?<![\p{L}])(?:ул\.|улиц[аеуы]|улицей|пр-т|просп\.|проспект\p{L}*|пер\.|переул\p{L}*|мкр\.?|микрорайон\p{L}*|д\.\s*\d|дом[аеу]?\s+№?\s*\d|кабинет\p{L}*|каб\.|остановк\p{L}*|перекрёст\p{L}*|перекрест\p{L}*|двор\p{L}*\s+дом\p{L}*|набережн\p{L}*|площад\p{L}*\s+\p{Lu}|шоссе)(?![\p{L}])/giu,
  ],
  // a number that is not just the citizen's own reference number
  ['number', /(?<![\p{L}\d])\d+(?:[.,]\d+)?(?![\d.]\d)/gu],
  // an organisation named in quotes: ООО «Уют», МБУ «Горсвет»
  [
    'organisation',
    /(?:ООО|АО|ПАО|МУП|МБУ|МКУ|БУ|КУ|ГКУ|ГБУ|ИП|МАУ|АНО)\s+[«"]\p{L}[^»"]{1,60}[»"]/gu,
  ],
  // a named next step: a concrete action done or to be done
  [
    'step',
    /(?<![\p{L}])(?:отремонтир\p{L}*|заремонтир\p{L}*|замен(?:ен|ён|им|ят|ит)\p{L}*|установлен[аоы]?|установ(?:ят|им|ит)|восстановл\p{L}*|восстанов(?:ят|им|ит)|вывез\p{L}*|устранен\p{L}*|устранён\p{L}*|устран(?:ят|им|ит)|заасфальтир\p{L}*|подключ(?:ен|ат|им|ит)\p{L}*|очищ?ен\p{L}*|очист(?:ят|им|ит)|убран\p{L}*|уберут|спилен\p{L}*|спил(?:ят|им)|открыт[аоы]?|откро(?:ют|ется)|перенес[её]н\p{L}*|запущен\p{L}*|запуст(?:ят|им)|выдан\p{L}*|выдад(?:ут|им)|выплачен\p{L}*|начислен\p{L}*|пересчита\p{L}*|заделан\p{L}*|задела(?:ют|ем)|выедет|выехала?|выезд\p{L}*|осмотр\p{L}*\s+(?:провед|состоит)\p{L}*|назначен\p{L}*|включ(?:ён|ен|ат|им)\p{L}*)(?![\p{L}])/giu,
  ],
]

/** «обращение № 12345», «вх. № 17»: the citizen's own reference number says nothing new. */
const REFERENCE_BEFORE =
  /(?:обращени\p{L}*|заявк\p{L}*|вх\.|исх\.|рег\.|регистрационн\p{L}*)\s*(?:№|N)\s*$/iu

export function concreteFacts(text: string): Fact[] {
  const out: Fact[] = []
  const legal = legalReferenceRanges(text)
  for (const [kind, re] of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index
      const end = start + m[0].length
      // «ст. 161», «от 02.05.2006 № 59-ФЗ»: the act's numbers say nothing about the case
      if (legal.some(([s, e]) => start < e && s < end)) continue
      if (kind === 'number') {
        if (REFERENCE_BEFORE.test(text.slice(Math.max(0, start - 40), start))) continue
        if (out.some((f) => start >= f.start && start < f.end)) continue
      }
      out.push({ kind, start, end })
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

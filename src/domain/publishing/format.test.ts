import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  channelProblems,
  parseMarkup,
  parseMarkupCounted,
  renderMaxHtml,
  renderPlain,
  renderTelegramHtml,
  visibleLength,
  type Segment,
} from './format'

describe('the post format', () => {
  it('parses bold, italic and links, leaving the rest literal', () => {
    expect(
      parseMarkup(
        '**Важно**: запись _до_ 20 декабря на [Госуслугах](https://gosuslugi.ru/x?a=1&b=2)',
      ),
    ).toEqual([
      { kind: 'bold', text: 'Важно' },
      { kind: 'text', text: ': запись ' },
      { kind: 'italic', text: 'до' },
      { kind: 'text', text: ' 20 декабря на ' },
      { kind: 'link', text: 'Госуслугах', url: 'https://gosuslugi.ru/x?a=1&b=2' },
    ])
  })

  it('does not read snake_case or lone asterisks as markup', () => {
    expect(parseMarkup('файл report_2026_final.pdf и 5 * 3')).toEqual([
      { kind: 'text', text: 'файл report_2026_final.pdf и 5 * 3' },
    ])
  })

  it('escapes hostile input for Telegram HTML', () => {
    const html = renderTelegramHtml(
      parseMarkup('<script>alert(1)</script> & **<b>** [x"y](https://e.x/?q="1"&r=<2>)'),
    )
    expect(html).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>&lt;b&gt;</b> <a href="https://e.x/?q=&quot;1&quot;&amp;r=&lt;2&gt;">x"y</a>',
    )
  })

  it('escapes hostile input for MAX HTML (format: "html")', () => {
    const html = renderMaxHtml(
      parseMarkup(
        '<script>alert(1)</script> & **<b>** _<i>_ [x"y](https://e.x/?q="1"&r=<2>) ++u++ ^^h^^ ~~s~~ `c` # h > q',
      ),
    )
    expect(html).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>&lt;b&gt;</b> <i>&lt;i&gt;</i> <a href="https://e.x/?q=&quot;1&quot;&amp;r=&lt;2&gt;">x"y</a> ++u++ ^^h^^ ~~s~~ `c` # h &gt; q',
    )
  })

  it('never produces unescaped markup characters in MAX output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const html = renderMaxHtml(parseMarkup(s))
        const withoutTags = html.replace(/<\/?(b|i)>|<a href="[^"]*">|<\/a>/g, '')
        expect(withoutTags).not.toMatch(/[<>]/)
        expect(withoutTags.replace(/&(amp|lt|gt|quot);/g, '')).not.toMatch(/&/)
        // an href never ends early: no raw quote inside it
        for (const m of html.matchAll(/<a href="([^"]*)">/g)) expect(m[1]).not.toMatch(/[<>]/)
      }),
    )
  })

  it('counts for MAX what it receives (the HTML), against 4000, 12 photos and 50 MB each', () => {
    expect(channelProblems('Ю'.repeat(4000), ['max'])).toEqual([])
    expect(channelProblems('Ю'.repeat(3995) + '**Ю**', ['max'])).toEqual([
      {
        channel: 'max',
        message: 'Текст длиннее поста в канале «MAX» (4\u00a0000 знаков): сократите на 3 знака',
      },
    ])
    expect(channelProblems('a & b', ['max'])).toEqual([])
    expect(channelProblems('x', ['max'], Array(13).fill({ bytes: 1 }))).toEqual([
      { channel: 'max', message: 'В канал «MAX» можно не больше 12 фото' },
    ])
    expect(channelProblems('x', ['max'], [{ bytes: 51 * 1048576 }])[0]!.message).toBe(
      'Фото больше 50 МБ не примет канал «MAX»',
    )
    // with a photo MAX's text stays a message, not a 1024-character caption
    expect(channelProblems('Ю'.repeat(3000), ['max'], [{ bytes: 1 }])).toEqual([])
  })

  it('renders plain text for VK and OK', () => {
    expect(renderPlain(parseMarkup('**Итог**: [сайт](https://ugra.ru) и https://ugra.ru'))).toBe(
      'Итог: сайт (https://ugra.ru) и https://ugra.ru',
    )
  })

  it('counts UTF-16 code units, as Telegram does (emoji count twice)', () => {
    expect(visibleLength(parseMarkup('👍 **Да**'))).toBe(5)
  })

  it('flags a text over the Telegram limit, and a caption over 1024 with a photo', () => {
    const long = 'Ю'.repeat(4097)
    expect(channelProblems(long, ['telegram', 'vk'])).toEqual([
      {
        channel: 'telegram',
        message: 'Текст длиннее поста в канале «Telegram» (4\u00a0096 знаков): сократите на 1 знак',
      },
    ])
    expect(channelProblems('Ю'.repeat(1136), ['telegram'], [{ bytes: 1000 }])[0]!.message).toBe(
      'Текст длиннее подписи к фото в Telegram (1\u00a0024 знака): сократите на 112 знаков',
    )
    expect(channelProblems('**Ю**'.repeat(1000), ['telegram'])).toEqual([]) // markup does not count
  })

  it('never produces unescaped markup characters in Telegram output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const html = renderTelegramHtml(parseMarkup(s))
        const withoutTags = html.replace(/<\/?(b|i)>|<a href="[^"]*">|<\/a>/g, '')
        expect(withoutTags).not.toMatch(/[<>]/)
        expect(withoutTags.replace(/&(amp|lt|gt|quot);/g, '')).not.toMatch(/&/)
      }),
    )
  })
})

/** The grammar as one regular expression: the oracle the linear parser must agree with. */
const ORACLE =
  /\*\*([^*\n]+?)\*\*|(?<![\p{L}\p{N}_])_([^_\n]+?)_(?![\p{L}\p{N}_])|\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/gu

function oracle(source: string): Segment[] {
  const out: Segment[] = []
  let last = 0
  for (const m of source.matchAll(ORACLE)) {
    if (m.index > last) out.push({ kind: 'text', text: source.slice(last, m.index) })
    if (m[1] !== undefined) out.push({ kind: 'bold', text: m[1] })
    else if (m[2] !== undefined) out.push({ kind: 'italic', text: m[2] })
    else out.push({ kind: 'link', text: m[3]!, url: m[4]! })
    last = m.index + m[0].length
  }
  if (last < source.length) out.push({ kind: 'text', text: source.slice(last) })
  return out
}

/** Texts made of the characters that matter to the grammar, plus letters, digits and emoji. */
const markupish = fc
  .array(
    fc.constantFrom(
      '*',
      '**',
      '_',
      '[',
      ']',
      '(',
      ')',
      '](',
      'https://',
      'http://',
      'e.x/',
      ' ',
      '\n',
      '\u00a0',
      'a',
      'я',
      '1',
      '😀',
      '\ud800',
      '\udc00',
      'x_y',
      '**b**',
      '[t](https://a.b)',
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''))

describe('the markup parser is linear (finding 11)', () => {
  it('agrees with the regular expression on hostile and ordinary texts', () => {
    fc.assert(
      fc.property(markupish, (s) => {
        expect(parseMarkup(s)).toEqual(oracle(s))
      }),
      { numRuns: 2000 },
    )
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(parseMarkup(s)).toEqual(oracle(s))
      }),
    )
  })

  it('does at most 5 steps per character, whatever the text (counted, not timed)', () => {
    const hostile = fc.oneof(
      markupish,
      fc
        .tuple(fc.constantFrom('[', '**', '_', '[a](', '[a](https://', '*a'), fc.nat(3000))
        .map(([unit, times]) => unit.repeat(times)),
    )
    fc.assert(
      fc.property(hostile, (s) => {
        expect(parseMarkupCounted(s).steps).toBeLessThanOrEqual(5 * s.length)
      }),
      { numRuns: 300 },
    )
    // the review's case: 20 000 unclosed brackets
    const brackets = '['.repeat(20_000)
    expect(parseMarkupCounted(brackets).steps).toBeLessThanOrEqual(5 * brackets.length)
    expect(parseMarkup(brackets)).toEqual([{ kind: 'text', text: brackets }])
  })
})

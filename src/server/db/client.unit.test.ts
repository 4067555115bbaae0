import fc from 'fast-check'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { inlineParameters, quoteLiteral } from './client'

describe('inlineParameters: a fixed statement with its values written in as literals', () => {
  it('quotes strings so that no value can end its literal', () => {
    expect(inlineParameters('select f($1::text)', ["it's"])).toBe("select f('it''s'::text)")
    expect(inlineParameters('select f($1::text)', ['a\\b'])).toBe("select f( E'a\\\\b'::text)")
    expect(inlineParameters('select f($1::text)', ["'); drop table posts; --"])).toBe(
      "select f('''); drop table posts; --'::text)",
    )
  })

  it('writes each placeholder once: a value that looks like one stays a value', () => {
    expect(
      inlineParameters('select f($1, $2, $10)', ['$2', 'b', ...Array(7).fill(null), 'j']),
    ).toBe("select f('$2', 'b', 'j')")
  })

  it('numbers, booleans and null as SQL has them; anything else is refused', () => {
    expect(inlineParameters('select f($1, $2, $3, $4)', [-5, 1.5, false, null])).toBe(
      'select f((-5), (1.5), false, null)',
    )
    // a negative number after a minus is a subtraction, not the start of a comment
    expect(inlineParameters('select v-$1 where id = $2', [-5, 'x'])).toBe(
      "select v-(-5) where id = 'x'",
    )
    expect(() => inlineParameters('select f($1)', [Number.NaN])).toThrow(TypeError)
    expect(() => inlineParameters('select f($1)', [new Date()])).toThrow(TypeError)
    expect(() => inlineParameters('select f($1)', [{ a: 1 }])).toThrow(TypeError)
  })

  it('refuses a placeholder without its value, rather than writing null', () => {
    expect(() => inlineParameters('select f($1, $2)', ['a'])).toThrow(TypeError)
    expect(() => inlineParameters('select f($0)', ['a'])).toThrow(TypeError)
  })
})

describe('quoteLiteral', () => {
  it("writes any string exactly as node-postgres' escapeLiteral does", () => {
    const quotey = fc.string({ unit: fc.constantFrom("'", '\\', 'a', 'я', '$', '"', ' ', '\n') })
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), quotey), (s) => {
        expect(quoteLiteral(s)).toBe(pg.escapeLiteral(s))
      }),
      { numRuns: 2_000 },
    )
  })
})

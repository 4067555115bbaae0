/** Russian wording rules shared by the server and the browser (see shared/COPY-RU.md). */

const plural = new Intl.PluralRules('ru-RU')

/** Russian plural: pluralRu(5, ['час', 'часа', 'часов']) → 'часов'. */
export function pluralRu(n: number, [one, few, many]: readonly [string, string, string]): string {
  const rule = plural.select(n)
  return rule === 'one' ? one : rule === 'few' ? few : many
}

const number = new Intl.NumberFormat('ru-RU')

/** «1 024 знака», «1 знак», «5 знаков» (nominative and accusative agree for this noun). */
export const chars = (n: number) =>
  `${number.format(n)} ${pluralRu(n, ['знак', 'знака', 'знаков'])}`

/** Russian wording rules shared by the server and the browser (see docs/copy-ru.md). */

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

const policyUnits = {
  workingDays: ['рабочий день', 'рабочих дня', 'рабочих дней'],
  workingHours: ['рабочий час', 'рабочих часа', 'рабочих часов'],
  hours: ['час', 'часа', 'часов'],
} as const

/**
 * A deadline rule in words, from the configured policy (the admin may change it): «3 часа»,
 * «1 рабочий день», «9 рабочих часов».
 */
export function describePolicy(policy: { unit: keyof typeof policyUnits; amount: number }): string {
  return `${number.format(policy.amount)} ${pluralRu(policy.amount, policyUnits[policy.unit])}`
}

const policyUnitsGenitive = {
  workingDays: ['рабочего дня', 'рабочих дней', 'рабочих дней'],
  workingHours: ['рабочего часа', 'рабочих часов', 'рабочих часов'],
  hours: ['часа', 'часов', 'часов'],
} as const

/** The rule after «в течение» (genitive): «3 часов», «1 рабочего дня», «21 часа». */
export function describePolicyWithin(policy: {
  unit: keyof typeof policyUnits
  amount: number
}): string {
  return `${number.format(policy.amount)} ${pluralRu(policy.amount, policyUnitsGenitive[policy.unit])}`
}

/** The short form for a badge: «3 ч», «1 раб. день», «9 раб. ч». */
export function describePolicyShort(policy: { unit: keyof typeof policyUnits; amount: number }) {
  if (policy.unit === 'hours') return `${number.format(policy.amount)} ч`
  if (policy.unit === 'workingHours') return `${number.format(policy.amount)} раб. ч`
  return `${number.format(policy.amount)} раб. ${pluralRu(policy.amount, ['день', 'дня', 'дней'])}`
}

/** Legal references, shared by the legislation rule and the facts (an article's number is no fact). */

/** A reference to a legal act: «ст. 161 ЖК РФ», «Федеральный закон от 02.05.2006 № 59-ФЗ». */
export const LEGAL_REFERENCE =
  /(?:федеральн\p{L}*\s+закон\p{L}*(?:\s+от\s+\d{1,2}\.\d{1,2}\.\d{4})?(?:\s+(?:№|N)\s*\d+-ФЗ)?|закон\p{L}*\s+(?:автономного\s+округа|ХМАО|Югры|Российской\s+Федерации)|(?:от\s+\d{1,2}\.\d{1,2}\.\d{4}\s+)?(?:№|N)\s*\d+-(?:ФЗ|оз|ОЗ|п|рп)|(?<![\p{L}])(?:ч\.|част[иьюя])\s*\d+(?:\s+и\s+\d+)?\s+(?:ст\.|стать\p{L}*)\s*\d+|(?<![\p{L}])(?:пп?\.|пункт\p{L}*|подпункт\p{L}*)\s*\d+(?:\.\d+)*\s+(?:(?:ст\.|стать\p{L}*)\s*\d+|постановлени|правил|приказ)|(?<![\p{L}])(?:ст\.|стат(?:ь\p{L}*|ей))\s*\d+(?:\.\d+)?|(?:ЖК|ГК|ГрК|КоАП|ТК|НК|БК|ЗК)\s+РФ|кодекс\p{L}*\s+(?:Российской\s+Федерации|РФ)|постановлени\p{L}*\s+правительства(?:[^.]{0,80}?от\s+\d{1,2}\.\d{1,2}\.\d{4}(?:\s+№\s*\d+\S*)?)?|СанПиН(?:\s+[\d.-]+)?|ГОСТ\s+Р?\s*[\d.-]+|СП\s+[\d.]+)/iu

/** Every legal reference in the text, as [start, end). */
export function legalReferenceRanges(text: string): Array<[number, number]> {
  const re = new RegExp(LEGAL_REFERENCE.source, 'giu')
  return [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length])
}

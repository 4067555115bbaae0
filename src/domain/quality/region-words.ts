/**
 * The region's own words, which a general Russian dictionary does not know: places, the
 * region's name, services, departments. One entry per line in the words file:
 *
 *   Нефтеюганск                 the word alone (only this form is accepted)
 *   Нефтеюганск : Новосибирск   the word declined like a word the dictionary knows
 *   # a comment
 *
 * The built-in list is below; the admin extends it with a file (see the server's
 * `quality/words.ts`), read in the same format.
 */

export interface RegionWord {
  word: string
  /** A dictionary word that declines the same way («Сургут» like «институт»). */
  like?: string
}

export const BUILT_IN_REGION_WORDS = `
# the region
Югра : игра
ХМАО
ХМАО-Югра
Ханты-Мансийск : Новосибирск
Ханты-Мансийский : русский
Ханты-Мансийского
Ханты-Мансийском
Ханты-Мансийскому
Сургут : институт
Сургутский : русский
Сургутского
Сургутском
Нижневартовск : Новосибирск
Нижневартовский : русский
Нижневартовского
Нижневартовском
Нефтеюганск : Новосибирск
Нефтеюганский : русский
Нефтеюганского
Нефтеюганском
Когалым : налим
Нягань : гавань
Мегион : регион
Лангепас : каркас
Пыть-Ях
Урай : край
Югорск : Новосибирск
Покачи
Лянтор : мотор
Советский : русский
Белоярский : русский
Берёзово
Кондинский : русский
Октябрьский : русский
Излучинск : Новосибирск
Игрим
Талинка : малинка
Пойковский : русский
Самотлор : мотор
ханты
манси
# services and institutions
Госуслуги
Госуслуг
Госуслугах
Госуслугами
МФЦ
ЖКХ
УК
ТСЖ
ЦСМ
Депздрав
Депздрава
Депздраве
Дептранс
Дептранса
Дептрансе
Депобразования
Депстрой
Депстроя
Депприроды
Депсоцразвития
Дорожник
Горсвет
Сургутнефтегаз
Югорскавтодор
Водоканал : канал
`

/** Parses the words file format above; blank lines and `#` comments are skipped. */
export function parseRegionWords(source: string): RegionWord[] {
  const out: RegionWord[] = []
  for (const raw of source.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim()
    if (!line) continue
    const [word, like] = line.split(':').map((s) => s.trim())
    if (!word || /\s/.test(word)) continue
    out.push(like && !/\s/.test(like) ? { word, like } : { word })
  }
  return out
}

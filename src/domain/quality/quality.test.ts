import { beforeAll, describe, expect, it } from 'vitest'
import { checkText, hasBlockingIssue } from './check'
import { concreteFacts } from './facts'
import { BUILT_IN_REGION_WORDS, parseRegionWords } from './region-words'
import { applySuggestion } from './rules'
import { createSpeller } from './speller'
import { suggestSpelling } from './suggest'
import { EMAIL, words } from './text'
import type { QualityIssue, QualityRule, Speller } from './types'

// The rule tables of the «отписка» checker: real-looking answers, good and bad. Each row
// names what the rule must catch (the exact words) or that it must catch nothing.

let speller: Speller
beforeAll(async () => {
  // the package reads its two files itself (in Node); the browser fetches them instead
  const { default: dictionary } = await import('dictionary-ru')
  speller = createSpeller(dictionary, parseRegionWords(BUILT_IN_REGION_WORDS))
}, 60_000)

const check = (text: string, kind: 'answer' | 'post' = 'answer') =>
  checkText(text, { kind, speller })
const caught = (text: string, rule: QualityRule, kind: 'answer' | 'post' = 'answer') =>
  check(text, kind)
    .filter((i) => i.rule === rule)
    .map((i) => text.slice(i.start, i.end))

// ── Whole answers ─────────────────────────────────────────────────────────────────────────

const GOOD_ANSWERS = [
  'Здравствуйте, Мария! Яму у дома № 14 на улице Ленина в Сургуте заделают до 5 июня: подрядчик ООО «Дорожник» уже получил задание. Если работы не будут выполнены в срок, позвоните в Департамент дорожного хозяйства по телефону 8 (3462) 52-20-00.',
  'Добрый день! Автобус № 12 с 1 июля будет ходить каждые 15 минут, а не 30, как сейчас. Новое расписание появится на остановках и на сайте перевозчика до 25 июня.',
  'Здравствуйте, Игорь Петрович! Мы проверили начисления за отопление по вашему адресу: в марте управляющая компания ошибочно выставила 4 212 рублей вместо 2 980. Перерасчёт будет сделан в квитанции за май, разницу вернут автоматически.',
  'Добрый день, Ольга! Запись к эндокринологу в поликлинике № 2 Нижневартовска открыта через Госуслуги и по телефону 122. Ближайшие свободные даты — 12 и 14 мая; если они вам неудобны, главный врач Сергей Иванов просил написать ему на почту glavvrach@nvpoliklinika.ru.',
  'Здравствуйте! Освещение во дворе домов 3 и 5 по проспекту Мира восстановили 20 ноября: сотрудники МБУ «Горсвет» заменили кабель. Спасибо, что сообщили о проблеме.',
  'Здравствуйте, Анна! Детский сад в микрорайоне Солнечный Ханты-Мансийска откроется в сентябре 2026 года, набор в группы начнётся в мае через Госуслуги. Департамент образования пришлёт уведомление всем, кто стоит в очереди.',
]

const BAD_ANSWERS: Array<{ text: string; rules: QualityRule[] }> = [
  {
    // no greeting, hollow formulas, nothing concrete
    text: 'Ваше обращение рассмотрено. Вопрос находится на контроле, в рамках компетенции будут приняты необходимые меры.',
    rules: ['greeting', 'hollow', 'specifics'],
  },
  {
    text: 'Здравствуйте! Щас всё норм, короче, дорогу сделают. Читайте внимательнее наши новости.',
    rules: ['colloquial', 'rudeness'],
  },
  {
    text: 'Здраствуйте, Мария! Ремонт дороги на улице Мира будет выполнен в июне 2026 года, подрядчик уже определн.',
    rules: ['greeting', 'spelling'],
  },
  {
    text:
      'Здравствуйте! Сообщаем, что в соответствии со статьёй 161 Жилищного кодекса Российской Федерации управление многоквартирным домом должно обеспечивать благоприятные и безопасные условия проживания граждан, надлежащее содержание общего имущества в многоквартирном доме. ' +
      'Согласно части 2 статьи 162 ЖК РФ по договору управления многоквартирным домом одна сторона (управляющая организация) по заданию другой стороны в течение согласованного срока за плату обязуется оказывать услуги и выполнять работы по надлежащему содержанию и ремонту общего имущества в таком доме, предоставлять коммунальные услуги собственникам помещений в таком доме и пользующимся помещениями в этом доме лицам, осуществлять иную направленную на достижение целей управления многоквартирным домом деятельность. ' +
      'Ваше обращение будет рассмотрено в установленном порядке.',
    rules: ['legislation', 'hollow'],
  },
]

describe('whole answers', () => {
  it.each(GOOD_ANSWERS)('a good answer has no issue: %s', (text) => {
    expect(check(text)).toEqual([])
  })

  it.each(BAD_ANSWERS)('a bad answer is caught by its rules: $text', ({ text, rules }) => {
    const found = new Set(check(text).map((i) => i.rule))
    for (const rule of rules) expect(found, rule).toContain(rule)
  })

  it('a blocking issue stops the answer; warnings alone do not', () => {
    expect(hasBlockingIssue(check(BAD_ANSWERS[1]!.text))).toBe(true)
    expect(hasBlockingIssue(check('Здравствуйте! Ваш вопрос находится на контроле.'))).toBe(false)
  })

  it('offsets point at the words reported, and issues come in text order', () => {
    const text = 'Добрый день! Щас яма на улице Ленина будет заделана, это норм, короче.'
    const issues = check(text)
    for (const i of issues) expect(i.end).toBeGreaterThan(i.start)
    const starts = issues.map((i) => i.start)
    expect(starts).toEqual([...starts].sort((a, b) => a - b))
    expect(issues.map((i) => text.slice(i.start, i.end))).toEqual(['Щас', 'норм', 'короче'])
  })
})

// ── Rule by rule: must catch, must not catch ──────────────────────────────────────────────

const TABLES: Record<QualityRule, { catch: Array<[string, string[]]>; pass: string[] }> = {
  greeting: {
    catch: [
      [
        'Ваше обращение рассмотрено, ремонт будет 5 мая.',
        ['Ваше обращение рассмотрено, ремонт будет 5 мая.'],
      ],
      ['Привет! Ремонт будет 5 мая.', ['Привет']],
      ['Сообщаем, что 12 мая трубу заменили.', ['Сообщаем, что 12 мая трубу заменили.']],
      [
        '  Информируем вас о переносе рейса на 10:30.',
        ['Информируем вас о переносе рейса на 10:30.'],
      ],
    ],
    pass: [
      'Здравствуйте, Мария! Трубу заменили 12 мая.',
      'Добрый день! Трубу заменили 12 мая.',
      'Доброе утро, Пётр! Трубу заменили 12 мая.',
      'Добрый вечер! Трубу заменили 12 мая.',
      'Уважаемая Нина Сергеевна! Трубу заменили 12 мая.',
      '\nЗдравствуйте! Трубу заменили 12 мая.',
    ],
  },
  spelling: {
    catch: [
      ['Здравствуйте! Дорогу отремонтируют в июне, подрядчик определн.', ['определн']],
      ['Добрый день! Превезём уголь 3 декабря.', ['Превезём']],
      ['Здравствуйте! Асвальт положат до 1 июля.', ['Асвальт']],
      ['Здравствуйте! Вопрос решим к пятнице, извените за задержку.', ['извените']],
      ['Добрый день! Автобус будет хадить чаще с 1 мая.', ['хадить']],
    ],
    pass: [
      'Здравствуйте! В Ханты-Мансийске, Сургуте, Нижневартовске и Нефтеюганске ремонт завершат к 1 сентября.',
      'Добрый день! Записаться можно через Госуслуги или в МФЦ, подробнее на https://admhmao.ru/uslugi.',
      'Здравствуйте! Жители Югры получат выплату до 10-го числа, по 5-й очереди — в январе.',
      'Здравствуйте! Ёлку на площади поставят 20 декабря, а ёлочные игрушки привезут из Когалыма.',
      'Здравствуйте! Что-нибудь изменится к 2027 году: северо-восточный район подключат к водопроводу.',
      'Добрый день! Напишите на почту priem@admhmao.ru или в Telegram @ugra_help.',
    ],
  },
  colloquial: {
    catch: [
      ['Здравствуйте! Щас посмотрим, что можно сделать до 5 мая.', ['Щас']],
      ['Здравствуйте! Короче, ремонт будет 5 мая.', ['Короче']],
      ['Здравствуйте! Там всё норм, яму заделали 5 мая.', ['норм']],
      ['Здравствуйте! Ок, примем заявку до 5 мая.', ['Ок']],
      ['Здравствуйте! Чё там с дорогой, узнаем до 5 мая.', ['Чё']],
      ['Здравствуйте! Походу, трубу заменят 5 мая.', ['Походу']],
      ['Здравствуйте! Инфа уточняется, ответим 5 мая.', ['Инфа']],
      ['Здравствуйте! Ну, трубу заменят 5 мая.', ['Ну']],
      ['Здравствуйте! Мы типа заменим трубу 5 мая.', ['типа']],
      ['Здравствуйте! Типа, трубу заменят 5 мая.', ['Типа']],
      ['Здравствуйте! Трубу заменят 5 мая, ну вы поняли.', ['ну вы поняли']],
      ['Здравствуйте! Сами понимаете, трубу заменят 5 мая.', ['Сами понимаете']],
    ],
    pass: [
      'Здравствуйте! Новый маршрут на 2 км короче, чем прежний.',
      'Здравствуйте! Дорога станет короче на 3 км после 1 июля.',
      'Здравствуйте! Проверка выявила нарушение санитарных норм в столовой школы № 5.',
      'Здравствуйте! Автобусы нового типа выйдут на линию 1 мая.',
      'Здравствуйте! К 1 мая закупят два типа автобусов: ПАЗ и ЛиАЗ.',
      'Здравствуйте! Автобусы типа ПАЗ выйдут на линию 1 мая.',
      'Здравствуйте! Остановки такого типа поставят на улице Мира до 1 мая.',
      'Здравствуйте! Ремонт закончили 5 мая, мы поняли, что вам неудобно.',
      'Здравствуйте! Жалобы на работу ОК и ВКонтакте мы передали 5 мая в пресс-службу.',
      'Здравствуйте! На Масленицу 1 марта на площади будут блины и чай.',
      'Здравствуйте! По ходу работ 5 мая выяснилось, что нужно заменить трубу.',
    ],
  },
  rudeness: {
    catch: [
      ['Здравствуйте! Это не ваше дело, ремонт будет 5 мая.', ['не ваше дело']],
      ['Здравствуйте! Сами виноваты, надо было платить до 5 мая.', ['Сами виноваты']],
      ['Здравствуйте! Ваша жалоба — бред, трубу заменили 5 мая.', ['бред']],
      ['Здравствуйте! Вам же сказали: ремонт 5 мая.', ['Вам же сказали']],
      ['Здравствуйте! Что непонятного? Ремонт 5 мая.', ['Что непонятного']],
      ['Здравствуйте! Ремонт будет 5 мая. Ждите.', ['Ждите']],
      ['Здравствуйте! Ждите ответа подрядчика до 5 мая.', ['Ждите']],
    ],
    pass: [
      'Здравствуйте! Не ждите до 5 мая: позвоните диспетчеру по телефону 8 (3467) 33-22-11.',
      'Здравствуйте! По факту грубости водителя автобуса № 12 перевозчик провёл проверку 5 мая, водитель отстранён от работы.',
      'Здравствуйте! Сургутская ГРЭС продолжает работу в обычном режиме с 5 мая.',
      'Здравствуйте! Ерш и щука — рыбы, которых можно ловить с 1 июня.',
    ],
  },
  hollow: {
    catch: [
      ['Здравствуйте! Ваш вопрос находится на контроле.', ['Ваш вопрос находится на контроле']],
      [
        'Здравствуйте! В рамках компетенции будут приняты необходимые меры.',
        ['В рамках компетенции', 'будут приняты необходимые меры'],
      ],
      [
        'Здравствуйте! Обращение будет рассмотрено в установленном порядке.',
        ['будет рассмотрено в установленном порядке'],
      ],
      [
        'Здравствуйте! Ведётся работа, ремонт проведут в ближайшее время.',
        ['Ведётся работа', 'в ближайшее время'],
      ],
      ['Здравствуйте! Ремонт проведут по мере финансирования.', ['по мере финансирования']],
    ],
    pass: [
      // the same formulas with a concrete fact are not hollow
      'Здравствуйте! Вопрос находится на контроле: трубу на улице Ленина заменят до 12 мая.',
      'Здравствуйте! В рамках компетенции департамент 3 июня проверит управляющую компанию ООО «Уют».',
      'Здравствуйте! Ремонт крыши дома № 7 включён в план на 2026 год, работы начнутся в июне.',
    ],
  },
  legislation: {
    catch: [
      [
        BAD_ANSWERS[3]!.text,
        [BAD_ANSWERS[3]!.text.slice(14, BAD_ANSWERS[3]!.text.indexOf(' Ваше обращение'))],
      ],
      [
        'Здравствуйте! Согласно статье 8 Федерального закона от 02.05.2006 № 59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации» письменное обращение, содержащее вопросы, решение которых не входит в компетенцию данных органов, направляется в течение семи дней со дня регистрации в соответствующий орган, в компетенцию которого входит решение поставленных в обращении вопросов, с уведомлением гражданина, направившего обращение, о переадресации обращения.',
        [
          'Согласно статье 8 Федерального закона от 02.05.2006 № 59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации» письменное обращение, содержащее вопросы, решение которых не входит в компетенцию данных органов, направляется в течение семи дней со дня регистрации в соответствующий орган, в компетенцию которого входит решение поставленных в обращении вопросов, с уведомлением гражданина, направившего обращение, о переадресации обращения.',
        ],
      ],
    ],
    pass: [
      'Здравствуйте! По ст. 161 ЖК РФ управляющая компания обязана чинить крышу, поэтому 12 мая мы выдали ООО «Уют» предписание устранить протечку до 1 июня. Проверим 2 июня.',
      'Здравствуйте! Ваше обращение передано в Департамент строительства 3 июня в соответствии с Федеральным законом № 59-ФЗ; ответ придёт до 3 июля.',
    ],
  },
  specifics: {
    catch: [
      [
        'Здравствуйте! Спасибо за обращение. Мы разберёмся и примем меры.',
        ['Здравствуйте! Спасибо за обращение. Мы разберёмся и примем меры.'],
      ],
      [
        'Добрый день! Ваше обращение № 12345 получено и рассматривается.',
        ['Добрый день! Ваше обращение № 12345 получено и рассматривается.'],
      ],
    ],
    pass: [
      'Здравствуйте! Трубу заменят 12 мая.',
      'Здравствуйте! Приходите в кабинет 204 администрации.',
      'Здравствуйте! Позвоните по телефону +7 (3467) 33-22-11.',
      'Здравствуйте! Яму на вашей улице заделают, подрядчику дано поручение.',
      'Здравствуйте! Подрядчиком назначено ООО «Северстрой».',
    ],
  },
}

describe.each(Object.entries(TABLES))('rule %s', (rule, table) => {
  it.each(table.catch)('catches: %s', (text, expected) => {
    expect(caught(text, rule as QualityRule)).toEqual(expected)
  })
  it.each(table.pass)('lets pass: %s', (text) => {
    expect(caught(text, rule as QualityRule)).toEqual([])
  })
})

describe('suggestions and post drafts', () => {
  it('a spelling mistake comes with suggestions', () => {
    const [i] = check('Здравствуйте! Дорогу отремонтируют в июне, подрядчик определн.').filter(
      (x) => x.rule === 'spelling',
    )
    expect(i!.severity).toBe('block')
    expect(i!.suggestions.length).toBeGreaterThan(0)
  })

  it('a post draft gets warnings only, and no answer rules', () => {
    const issues = check('Щас расскажу про ремонт дороги. Асвальт положат летом.', 'post')
    expect(issues.map((i) => i.rule).sort()).toEqual(['colloquial', 'spelling'])
    expect(issues.every((i) => i.severity === 'warn')).toBe(true)
  })

  it('a region word added with a model declines like it', () => {
    const s = createSpeller(
      { aff: 'SET UTF-8\n', dic: '1\nкот\n' },
      parseRegionWords('Лянтор\n# comment\nПокачи : кот\n'),
    )
    expect(s.correct('Лянтор')).toBe(true)
    expect(s.correct('Покачи')).toBe(true)
  })

  it('without a speller (dictionary still loading) spelling is skipped, the rest is checked', () => {
    const issues = checkText('Щас асвальт положат', { kind: 'answer', speller: null })
    expect(issues.map((i) => i.rule).sort()).toEqual(['colloquial', 'greeting', 'specifics'])
  })
})

describe('concrete facts', () => {
  it.each<[string, string[]]>([
    ['до 12 мая', ['date']],
    ['в июне 2026 года', ['date']],
    ['по ст. 161 ЖК РФ', []],
    ['Федеральный закон от 02.05.2006 № 59-ФЗ', []],
    ['части 2 статьи 162', []],
    ['на улице Ленина', ['address']],
    ['по телефону 8 (3462) 52-20-00', ['contact']],
    ['обращение № 5512', []],
    ['ООО «Уют»', ['organisation']],
    ['трубу заменят', ['step']],
  ])('%s', (text, kinds) => {
    const found = concreteFacts(text)
    expect([...new Set(found.map((f) => f.kind))]).toEqual(kinds)
  })
})

describe('applying a suggestion (issue 28)', () => {
  it('the greeting goes in before the answer and deletes nothing', () => {
    const text = 'Яму заделают 5 мая, подрядчик ООО «Дорожник» уже получил задание.'
    const [greeting] = check(text).filter((i) => i.rule === 'greeting')
    expect(greeting!.insert).toBe(true)
    expect(applySuggestion(text, greeting!, greeting!.suggestions[0]!)).toBe(
      `Здравствуйте! ${text}`,
    )
  })

  it('an informal greeting is replaced, alone', () => {
    const text = 'Привет, Мария! Яму заделают 5 мая.'
    const [greeting] = check(text).filter((i) => i.rule === 'greeting')
    expect(applySuggestion(text, greeting!, greeting!.suggestions[0]!)).toBe(
      'Здравствуйте, Мария! Яму заделают 5 мая.',
    )
  })

  it('a spelling suggestion replaces the word', () => {
    const text = 'Здравствуйте! Асвальт положат 5 мая.'
    const [typo] = check(text).filter((i) => i.rule === 'spelling')
    expect(applySuggestion(text, typo!, typo!.suggestions[0]!)).toBe(
      'Здравствуйте! Асфальт положат 5 мая.',
    )
  })
})

describe('suggestions (issue 26: bounded; issue 28: ranked)', () => {
  it.each<[string, string]>([
    ['уточняються', 'уточняются'], // the soft sign is the slip, not the «ю» the writer typed
    ['уточняеться', 'уточняется'],
    ['зделать', 'сделать'], // a voiced letter before a voiceless one
    ['щитаю', 'читаю'],
    ['Здраствуйте', 'Здравствуйте'],
  ])('%s → %s first', (word, best) => {
    expect(speller.suggest(word)[0]).toBe(best)
  })

  it('two slips away, one of them a usual one: «калидор» → «коридор»', () => {
    expect(speller.suggest('калидор')).toContain('коридор')
  })

  it('a non-word costs at most the lookups allowed, however long it is', () => {
    for (const word of ['итачфз', 'ааааааааааааааааааааааааааааа', 'жщфыъэюжщфыъэюжщ']) {
      let lookups = 0
      const none = suggestSpelling(word, () => (lookups++, false), { maxLookups: 4000 })
      expect(none).toEqual([])
      expect(lookups).toBeLessThanOrEqual(4000)
    }
    let lookups = 0
    expect(suggestSpelling('а'.repeat(31), () => (lookups++, false))).toEqual([])
    expect(lookups).toBe(0)
  })
})

describe('the e-mail pattern reads each character a bounded number of times', () => {
  it('finds addresses, and a match starts only where a run of address characters starts', () => {
    expect('пишите на ivan.petrov+1@mail.ru или a@b.org'.match(EMAIL)).toEqual([
      'ivan.petrov+1@mail.ru',
      'a@b.org',
    ])
    // Unanchored, a failed run was tried again from each of its characters: quadratic
    // (20,000 × «a» took 723 ms). From inside a run, no match may start.
    const sticky = new RegExp(EMAIL.source, 'uy')
    sticky.lastIndex = 1
    expect(sticky.exec('ivan@mail.ru')).toBeNull()
    sticky.lastIndex = 0
    expect(sticky.exec('ivan@mail.ru')?.[0]).toBe('ivan@mail.ru')
  })

  it('an address is a contact fact and is not spell-checked', () => {
    expect(concreteFacts('почта ivan@mail.ru').map((f) => f.kind)).toEqual(['contact'])
    expect(words('Пишите на priem@admhmao.ru').map((w) => w.text)).toEqual(['Пишите', 'на'])
  })
})

export type { QualityIssue }

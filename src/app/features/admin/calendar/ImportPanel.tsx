import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { CalendarImportPreviewDto } from '../../../../shared/api/admin-contract'
import { ErrorNote } from '../../../components/ErrorNote'
import { Section } from '../../../components/Section'
import { toast } from '../../../components/Toasts'
import { client, read } from '../../../lib/api'
import { pluralRu } from '../../../lib/format'
import { keys } from '../../../lib/queries'

const dayFormat = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'long',
})
/** «пт, 5 ноября»: a calendar date, not an instant, so no zone can move it. */
const formatDay = (iso: string) => dayFormat.format(new Date(`${iso}T12:00:00Z`))

const typeWord: Record<string, string> = {
  working: 'рабочий',
  short: 'сокращённый',
  dayOff: 'выходной',
}

type Change = CalendarImportPreviewDto['diff']['addedDaysOff'][number]

function ChangeList({ title, items }: { title: string; items: Change[] }) {
  if (items.length === 0) return null
  return (
    <div>
      <h3 className="text-sm font-semibold">
        {title}: {items.length}
      </h3>
      <ul className="mt-1 space-y-0.5 text-sm">
        {items.map((c) => (
          <li key={c.date}>
            {formatDay(c.date)} — был {typeWord[c.was]}
            {c.holiday ? ` (${c.holiday})` : ''}
          </li>
        ))}
      </ul>
    </div>
  )
}

/**
 * Loading a year from the XML file of accounting software: Viza shows what would change, and
 * applies it (marking the year official) only when the admin confirms.
 */
export function ImportPanel({ onYear }: { onYear: (year: number) => void }) {
  const queryClient = useQueryClient()
  const inputId = useId()
  const [xml, setXml] = useState<string | null>(null)
  const [fileName, setFileName] = useState('')
  // a new key empties the file input, so the same file can be chosen again
  const [inputKey, setInputKey] = useState(0)
  const clear = () => {
    preview.reset()
    setXml(null)
    setFileName('')
    setInputKey((k) => k + 1)
  }
  const preview = useMutation({
    mutationFn: (text: string) =>
      read(client.admin.calendar.import.preview.$post({ json: { xml: text } })),
    onSuccess: (p) => onYear(p.year),
  })
  const apply = useMutation({
    mutationFn: () =>
      read(
        client.admin.calendar.import.apply.$post({
          json: { xml: xml ?? '', revision: preview.data!.revision },
        }),
      ),
    onSuccess: (r) => {
      toast(
        `Производственный календарь на ${r.year} год загружен, год отмечен официальным`,
        'success',
      )
      clear()
      void queryClient.invalidateQueries({ queryKey: keys.calendar })
    },
  })
  const choose = async (file: File | undefined) => {
    apply.reset()
    if (!file) return
    const text = await file.text()
    setXml(text)
    setFileName(file.name)
    preview.mutate(text)
  }
  const p = preview.data
  const total = p
    ? p.diff.addedDaysOff.length +
      p.diff.removedDaysOff.length +
      p.diff.shortened.length +
      p.diff.noLongerShortened.length
    : 0

  return (
    <Section title="Загрузка из файла">
      <p className="text-sm text-slate-700">
        Файл производственного календаря в формате XML, как его выгружают бухгалтерские программы (
        <code>&lt;calendar year="2027"&gt;…</code>). Виза покажет, что изменится, и применит
        изменения только после подтверждения.
      </p>
      <div className="mt-3">
        <label className="label" htmlFor={inputId}>
          Файл календаря (.xml)
        </label>
        <input
          key={inputKey}
          id={inputId}
          type="file"
          accept=".xml,text/xml,application/xml"
          className="block text-sm"
          onChange={(e) => void choose(e.target.files?.[0])}
        />
      </div>
      {preview.isPending && (
        <p role="status" className="mt-3 text-sm">
          Сверяем файл с календарём Визы…
        </p>
      )}
      <div className="mt-3">
        <ErrorNote error={preview.error} />
      </div>
      {p && (
        <div className="mt-3 space-y-3" aria-label={`Изменения из файла ${fileName}`} role="region">
          <h3 className="font-semibold">
            {p.year} год из файла «{fileName}»:{' '}
            {p.diff.same
              ? 'календарь Визы уже совпадает с файлом'
              : `${total} ${pluralRu(total, ['день изменится', 'дня изменятся', 'дней изменятся'])}`}
          </h3>
          <div className="grid gap-4 sm:grid-cols-2">
            <ChangeList title="Станут выходными" items={p.diff.addedDaysOff} />
            <ChangeList title="Станут рабочими" items={p.diff.removedDaysOff} />
            <ChangeList title="Станут сокращёнными" items={p.diff.shortened} />
            <ChangeList title="Станут полными рабочими" items={p.diff.noLongerShortened} />
          </div>
          {p.diff.transfers.length > 0 && (
            <div>
              <h3 className="text-sm font-semibold">Переносы выходных по файлу</h3>
              <ul className="mt-1 space-y-0.5 text-sm">
                {p.diff.transfers.map((t) => (
                  <li key={`${t.from}-${t.to}`}>
                    с {formatDay(t.from)} на {formatDay(t.to)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <p className="text-sm text-slate-700">
            {p.official
              ? `${p.year} год уже отмечен официальным.`
              : `Сейчас ${p.year} год предварительный: после применения он станет официальным, и сроки на его дни перестанут быть предварительными.`}{' '}
            Уже выставленные сроки не меняются. Изменения, внесённые вручную в дни этого года,
            заменятся данными файла.
          </p>
          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              className="btn-primary"
              disabled={apply.isPending}
              onClick={() => apply.mutate()}
            >
              {p.diff.same
                ? `Отметить ${p.year} год официальным`
                : `Применить изменения и отметить ${p.year} год официальным`}
            </button>
            <button type="button" className="btn-secondary" onClick={clear}>
              Не применять
            </button>
          </div>
          <ErrorNote error={apply.error} />
        </div>
      )}
    </Section>
  )
}

import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useLocation } from 'wouter'
import { sendingChannels } from '../../../domain/channels'
import { ErrorNote } from '../../components/ErrorNote'
import { toast } from '../../components/Toasts'
import { client, read } from '../../lib/api'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { usePolicyWords } from '../../lib/policies'
import { keys } from '../../lib/queries'

/** The governor's urgent instruction: lands with the SMC, who send it with a 3-hour clock. */
export default function UrgentInstruction() {
  const [, navigate] = useLocation()
  const queryClient = useQueryClient()
  const words = usePolicyWords()
  const [title, setTitle] = useState('')
  const [brief, setBrief] = useState('')
  const [departmentId, setDepartmentId] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await read(
        client.posts.$post({
          json: {
            title,
            brief,
            departmentId: departmentId || null,
            urgent: true,
            channels: [...sendingChannels],
          },
        }),
      )
      await queryClient.invalidateQueries({ queryKey: keys.posts })
      toast('Поручение передано в ЦСМ', 'success')
      navigate('/review')
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      onSubmit={submit}
      className="card mx-auto max-w-2xl space-y-5 p-6"
      aria-labelledby="ui-title"
    >
      <h1 id="ui-title" className="text-3xl font-bold">
        Оперативное поручение
      </h1>
      <p className="text-slate-700">
        ЦСМ получит его сразу; департамент — {words.urgent} на материал с момента отправки запроса.
      </p>
      <div>
        <label htmlFor="ui-t" className="label text-base">
          Тема
        </label>
        <input
          id="ui-t"
          className="field min-h-12"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          minLength={3}
        />
      </div>
      <div>
        <label htmlFor="ui-b" className="label text-base">
          Что подготовить
        </label>
        <textarea
          id="ui-b"
          className="field min-h-32"
          value={brief}
          onChange={(e) => setBrief(e.target.value)}
          required
        />
      </div>
      <div>
        <label htmlFor="ui-d" className="label text-base">
          Департамент
        </label>
        <DepartmentSelect
          id="ui-d"
          value={departmentId}
          onChange={setDepartmentId}
          placeholder="Выберите…"
          className="field min-h-12"
          required
        />
      </div>
      <ErrorNote error={error} />
      <button type="submit" className="btn-primary min-h-14 w-full text-lg" disabled={busy}>
        Передать поручение
      </button>
    </form>
  )
}

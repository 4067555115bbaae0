import { stateLabels, type PostStateValue } from '../../domain/post-lifecycle/states'
import { usePolicyWords } from '../lib/policies'

const stateTone: Record<PostStateValue, string> = {
  draft: 'bg-slate-100 text-slate-800',
  awaitingDepartment: 'bg-sky-100 text-sky-900',
  editing: 'bg-violet-100 text-violet-900',
  awaitingGovernor: 'bg-amber-100 text-amber-900',
  approved: 'bg-emerald-100 text-emerald-900',
  publishing: 'bg-teal-100 text-teal-900',
  published: 'bg-emerald-700 text-white',
  cancelled: 'bg-slate-200 text-slate-700',
  rejected: 'bg-red-100 text-red-900',
}

/** `label` names the state as one role sees it (the governor's own instruction is no draft). */
export function StateBadge({ state, label }: { state: PostStateValue; label?: string }) {
  return (
    <span
      className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${stateTone[state]}`}
    >
      {label ?? stateLabels[state]}
    </span>
  )
}

export function UrgentBadge() {
  return (
    <span className="inline-block rounded-full bg-red-700 px-2.5 py-0.5 text-xs font-semibold text-white">
      Поручение губернатора · {usePolicyWords().urgentShort}
    </span>
  )
}

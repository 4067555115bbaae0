import { useId, type ReactNode } from 'react'
import type { ActionAvailability } from '../../domain/post-lifecycle/available-actions'

/**
 * A button for one lifecycle action. It stays visible while the action is this person's to
 * take; when the post stands in the way, it is disabled and says why, right beside it.
 */
export function ActionButton({
  action,
  busy,
  className,
  onClick,
  children,
}: {
  action: ActionAvailability | undefined
  busy?: boolean
  className: string
  onClick: () => void
  children: ReactNode
}) {
  const id = useId()
  if (!action) return null
  return (
    <div className="space-y-1">
      <button
        type="button"
        className={className}
        disabled={!action.enabled || busy}
        aria-describedby={action.reason ? id : undefined}
        onClick={onClick}
      >
        {children}
      </button>
      {action.reason && (
        <p id={id} className="text-sm text-amber-900">
          {action.reason}
        </p>
      )}
    </div>
  )
}

import { DEFAULT_POLICIES } from '../../domain/calendar/working-calendar'
import { describePolicy, describePolicyShort } from '../../domain/ru'
import { useCalendar } from './calendar'

/** The deadline rules in words, as the admin configured them (the defaults until they load). */
export function usePolicyWords() {
  const policies = useCalendar()?.calendar.policies ?? DEFAULT_POLICIES
  return {
    urgent: describePolicy(policies.urgent),
    regular: describePolicy(policies.regular),
    urgentShort: describePolicyShort(policies.urgent),
  }
}

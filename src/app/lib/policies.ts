import { useQuery } from '@tanstack/react-query'
import { DEFAULT_POLICIES } from '../../domain/calendar/working-calendar'
import { describePolicy, describePolicyShort, describePolicyWithin } from '../../domain/ru'
import { calendarQuery } from './queries'

/**
 * The deadline rules in words, as the admin configured them (the defaults until they load).
 * Reads the settings alone: building the calendar and the machine is not needed for words.
 */
export function usePolicyWords() {
  const { data } = useQuery(calendarQuery)
  const policies = data?.settings.policies ?? DEFAULT_POLICIES
  return {
    urgent: describePolicy(policies.urgent),
    /** after «в течение»: «3 часов» */
    urgentWithin: describePolicyWithin(policies.urgent),
    regular: describePolicy(policies.regular),
    urgentShort: describePolicyShort(policies.urgent),
  }
}

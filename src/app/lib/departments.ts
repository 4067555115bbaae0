import { useQuery } from '@tanstack/react-query'
import { departmentsQuery } from './queries'

/** A department's name by id: short for lists, full where there is room. */
export function useDepartmentName() {
  const { data } = useQuery(departmentsQuery)
  return (id: string | null, long = false) => {
    if (!id) return 'ЦСМ (без департамента)'
    const d = data?.find((x) => x.id === id)
    return d ? (long ? d.name : d.shortName) : id
  }
}

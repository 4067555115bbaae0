import { useQuery } from '@tanstack/react-query'
import { departmentsQuery } from '../lib/queries'

/** A select of the active departments, by short name. */
export function DepartmentSelect({
  id,
  value,
  onChange,
  placeholder,
  exclude,
  required,
  className = 'field',
}: {
  id: string
  value: string
  onChange: (id: string) => void
  placeholder: string
  exclude?: string | null
  required?: boolean
  className?: string
}) {
  const { data } = useQuery(departmentsQuery)
  return (
    <select
      id={id}
      className={className}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      required={required}
    >
      <option value="">{placeholder}</option>
      {data
        ?.filter((d) => d.active && d.id !== exclude)
        .map((d) => (
          <option key={d.id} value={d.id}>
            {d.shortName}
          </option>
        ))}
    </select>
  )
}

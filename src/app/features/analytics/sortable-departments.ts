import { useMemo, useState } from 'react'

interface Column<F> {
  key: string
  value: (figures: F) => number | null
}

/** A departments table's rows in the order chosen, and how to change it. */
export interface SortedDepartments<R> {
  rows: R[]
  sort: { key: string; desc: boolean }
  sortBy(key: string): void
  ariaSort(key: string): 'ascending' | 'descending' | undefined
}

/**
 * The department tables' sorting (requests and comments): by name or by any figure column,
 * worst on-time rate first by default; «—» (nothing to show) always last, whichever the
 * direction; ties by name.
 */
export function useSortedDepartments<F, R extends { shortName: string; figures: F }>(
  departments: readonly R[] | undefined,
  columns: ReadonlyArray<Column<F>>,
): SortedDepartments<R> {
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({
    key: 'onTimeRate',
    desc: false,
  })
  const rows = useMemo(() => {
    const list = [...(departments ?? [])]
    const col = columns.find((c) => c.key === sort.key)
    list.sort((a, b) => {
      if (!col) return a.shortName.localeCompare(b.shortName, 'ru')
      const va = col.value(a.figures)
      const vb = col.value(b.figures)
      if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1
      return (sort.desc ? vb - va : va - vb) || a.shortName.localeCompare(b.shortName, 'ru')
    })
    return list
  }, [departments, columns, sort])
  const sortBy = (key: string) =>
    setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key !== 'name' }))
  const ariaSort = (key: string) =>
    sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined
  return { rows, sort, sortBy, ariaSort }
}

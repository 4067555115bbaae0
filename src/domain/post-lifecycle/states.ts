/** The post's states and their names: no XState here, so lists can show them cheaply. */
export type PostStateValue =
  | 'draft'
  | 'awaitingDepartment'
  | 'editing'
  | 'awaitingGovernor'
  | 'approved'
  | 'publishing'
  | 'published'
  | 'cancelled'
  | 'rejected'

export const postStates: readonly PostStateValue[] = [
  'draft',
  'awaitingDepartment',
  'editing',
  'awaitingGovernor',
  'approved',
  'publishing',
  'published',
  'cancelled',
  'rejected',
]

export const stateLabels: Record<PostStateValue, string> = {
  draft: 'Черновик',
  awaitingDepartment: 'Ждёт материал департамента',
  editing: 'Подготовка в ЦСМ',
  awaitingGovernor: 'На утверждении у губернатора',
  approved: 'Утверждён',
  publishing: 'Публикуется',
  published: 'Опубликован',
  cancelled: 'Отменён',
  rejected: 'Отклонён',
}

import type { UserDto } from '../shared/api/contract'

/** The people of component tests, as `/api/me` gives them. */
export const governorUser: UserDto = {
  id: 'u-governor',
  login: 'governor',
  name: 'Губернатор',
  role: 'governor',
  departmentId: null,
  active: true,
  demo: false,
}

export const healthContact: UserDto = {
  id: 'u-health',
  login: 'health',
  name: 'Ольга Миронова',
  role: 'department',
  departmentId: 'health',
  active: true,
  demo: false,
}

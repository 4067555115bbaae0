import type { UserDto } from '../../../shared/api/contract'
import CalendarAdmin from './calendar/CalendarAdmin'
import ChannelsAdmin from './channels/ChannelsAdmin'
import DepartmentsAdmin from './departments/DepartmentsAdmin'
import UsersAdmin from './users/UsersAdmin'
import NotificationsAdmin from './notifications/NotificationsAdmin'

/** The admin's screens, one per tab of the admin navigation. */
export default function AdminPage({ tab, me }: { tab?: string; me: UserDto }) {
  if (tab === 'departments') return <DepartmentsAdmin />
  if (tab === 'calendar') return <CalendarAdmin />
  if (tab === 'channels') return <ChannelsAdmin />
  if (tab === 'notifications') return <NotificationsAdmin />
  return <UsersAdmin me={me} />
}

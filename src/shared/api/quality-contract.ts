import { z } from 'zod'
import { MAX_CHECKED_LENGTH } from '../../domain/quality/check'

/** `POST /api/quality/check`: the «отписка» checker on a text being written. */
export const qualityCheckSchema = z.object({
  text: z.string().max(MAX_CHECKED_LENGTH, {
    message: `Текст длиннее ${new Intl.NumberFormat('ru-RU').format(MAX_CHECKED_LENGTH)} знаков`,
  }),
  kind: z.enum(['answer', 'post'], { message: 'kind: answer или post' }),
})

export type { QualityCheckDto } from './responses'

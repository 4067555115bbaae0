export * from './event-types'
export * from './machine'
export * from './lifecycle'
export * from './intake'

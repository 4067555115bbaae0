export * from './region'
export * from './production-calendar'
export * from './working-calendar'
export * from './deadlines'

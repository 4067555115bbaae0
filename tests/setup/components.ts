import '@testing-library/jest-dom/vitest'
import { afterEach, beforeEach, vi } from 'vitest'
import { cleanup, configure } from '@testing-library/react'

// findBy… and waitFor wait up to 5 s, not 1: a jsdom render is slow when both cores are busy in CI
configure({ asyncUtilTimeout: 5_000 })

// A console.error during a component test is a bug (React warnings included): fail the test.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error in a test: ${args.map(String).join(' ')}`)
  })
  localStorage.clear()
})
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

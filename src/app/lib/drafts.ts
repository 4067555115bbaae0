import { useCallback, useEffect, useState } from 'react'

interface Stored {
  text: string
  /** The post version the person started from: what a save must expect. */
  baseVersion: number
}

/**
 * Text being typed, kept in localStorage per post and person: it survives a reload, a crash of
 * the tab and a conflicting change by someone else. Cleared once the server has it.
 */
export function useDraft(key: string, serverText: string, serverVersion: number) {
  const storageKey = `viza:draft:${key}`
  const [stored, setStored] = useState<Stored | null>(() => readDraft(storageKey))

  const update = useCallback(
    (text: string) => {
      setStored((cur) => {
        const next = { text, baseVersion: cur?.baseVersion ?? serverVersion }
        try {
          localStorage.setItem(storageKey, JSON.stringify(next))
        } catch {
          /* storage full or disabled: the text stays in memory */
        }
        return next
      })
    },
    [storageKey, serverVersion],
  )
  const clear = useCallback(() => {
    localStorage.removeItem(storageKey)
    setStored(null)
  }, [storageKey])
  /** Keep my text but treat it as written on top of the current version. */
  const rebase = useCallback(
    (version: number) => {
      setStored((cur) => {
        if (!cur) return cur
        const next = { ...cur, baseVersion: version }
        localStorage.setItem(storageKey, JSON.stringify(next))
        return next
      })
    },
    [storageKey],
  )
  // Another tab of the same person may save the draft too.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => e.key === storageKey && setStored(readDraft(storageKey))
    window.addEventListener('storage', onStorage)
    return () => window.removeEventListener('storage', onStorage)
  }, [storageKey])

  return {
    text: stored?.text ?? serverText,
    baseVersion: stored?.baseVersion ?? serverVersion,
    dirty: stored !== null && stored.text !== serverText,
    setText: update,
    clear,
    rebase,
  }
}

function readDraft(key: string): Stored | null {
  try {
    const raw = localStorage.getItem(key)
    if (!raw) return null
    const parsed = JSON.parse(raw) as Stored
    return typeof parsed.text === 'string' && typeof parsed.baseVersion === 'number' ? parsed : null
  } catch {
    return null
  }
}

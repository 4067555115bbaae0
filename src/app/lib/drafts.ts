import { useCallback, useEffect, useState } from 'react'

interface Stored {
  text: string
  /** The post version the person started from: what a save must expect. */
  baseVersion: number
  /** The server's text at that version: if it is unchanged, other changes (images) don't conflict. */
  baseText: string
  /** The text version it was started from: what "act on my screen" tells the server. */
  baseTextVersion: number
}

/**
 * Text being typed, kept in localStorage per post and person: it survives a reload, a crash of
 * the tab and a conflicting change by someone else. Cleared once the server has it.
 */
export function useDraft(
  key: string,
  serverText: string,
  serverVersion: number,
  serverTextVersion: number,
) {
  const storageKey = `viza:draft:${key}`
  const [stored, setStored] = useState<Stored | null>(() => readDraft(storageKey))

  const update = useCallback(
    (text: string) => {
      setStored((cur) => {
        const next = {
          text,
          baseVersion: cur?.baseVersion ?? serverVersion,
          baseText: cur?.baseText ?? serverText,
          baseTextVersion: cur?.baseTextVersion ?? serverTextVersion,
        }
        try {
          localStorage.setItem(storageKey, JSON.stringify(next))
        } catch {
          /* storage full or disabled: the text stays in memory */
        }
        return next
      })
    },
    [storageKey, serverVersion, serverText, serverTextVersion],
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
        const next = {
          ...cur,
          baseVersion: version,
          baseText: serverText,
          baseTextVersion: serverTextVersion,
        }
        localStorage.setItem(storageKey, JSON.stringify(next))
        return next
      })
    },
    [storageKey, serverText, serverTextVersion],
  )
  // Another tab of the same person may save the draft too.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => e.key === storageKey && setStored(readDraft(storageKey))
    window.addEventListener('storage', onStorage)
    return () => window.removeEventListener('storage', onStorage)
  }, [storageKey])

  // Only a change of the text itself conflicts with what is being typed.
  const textMovedOn = stored !== null && stored.baseText !== serverText
  return {
    text: stored?.text ?? serverText,
    baseVersion: stored && textMovedOn ? stored.baseVersion : serverVersion,
    /** The text version this screen's text was edited from. */
    baseTextVersion: stored && textMovedOn ? stored.baseTextVersion : serverTextVersion,
    textMovedOn,
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
    return typeof parsed.text === 'string' &&
      typeof parsed.baseVersion === 'number' &&
      typeof parsed.baseText === 'string'
      ? { ...parsed, baseTextVersion: Number(parsed.baseTextVersion ?? -1) }
      : null
  } catch {
    return null
  }
}

/** The one draft of a post screen: every part of the screen reads and writes this one. */
export type PostDraft = ReturnType<typeof useDraft>

/** A post screen's draft for this person: create it once per screen and pass it down. */
export function usePostDraft(
  detail: { id: string; text: string; version: number; textVersion: number },
  me: { id: string },
): PostDraft {
  return useDraft(`${detail.id}:${me.id}`, detail.text, detail.version, detail.textVersion)
}

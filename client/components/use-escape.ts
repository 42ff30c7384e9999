// Escape closes what is on top — a dialog, a form inside a panel, then the panel — one at a time:
// every open thing registers here, the last registered (the newest, on top) gets the key. One
// listener for the page, so a dialog over a panel does not close both.
import { useEffect, useRef } from 'react'

const stack: { current: () => void }[] = []

function onKeyDown(e: KeyboardEvent): void {
  if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return
  // A search field's own Escape clears it.
  const target = e.target as HTMLInputElement | null
  if (target?.tagName === 'INPUT' && target.type === 'search' && target.value) return
  const top = stack.at(-1)
  if (!top) return
  e.preventDefault()
  top.current()
}

/** While mounted (and `active`), Escape calls `onEscape` if nothing opened later is still open. */
export function useEscape(onEscape: () => void, active = true): void {
  const handler = useRef(onEscape)
  handler.current = onEscape
  useEffect(() => {
    if (!active) return
    const entry = { current: () => handler.current() }
    if (stack.length === 0) window.addEventListener('keydown', onKeyDown)
    stack.push(entry)
    return () => {
      const at = stack.indexOf(entry)
      if (at >= 0) stack.splice(at, 1)
      if (stack.length === 0) window.removeEventListener('keydown', onKeyDown)
    }
  }, [active])
}

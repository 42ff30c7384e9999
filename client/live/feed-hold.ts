// The feed under the pointer: rows that arrive while the operator points at the list wait behind a
// "N new reports" pill instead of pushing the row under the pointer down (a click would hit
// another issue). Rows already shown keep updating in place.

export interface HeldRows<T> {
  /** What the list shows: only the rows that were there when the pointer came. */
  shown: T[]
  /** How many rows wait behind the pill. */
  waiting: number
}

/** `rows` with those not in `held` kept back; `held` null shows them all. */
export function holdNewRows<T extends { id: string }>(rows: T[], held: ReadonlySet<string> | null): HeldRows<T> {
  if (!held) return { shown: rows, waiting: 0 }
  const shown = rows.filter((r) => held.has(r.id))
  return { shown, waiting: rows.length - shown.length }
}

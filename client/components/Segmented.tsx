// A row of buttons of which one is pressed (a tier, a level, a tool): each button carries its
// value as `data-<attribute>` so tests and styles can pick it.
import type { ReactNode } from 'react'

export interface SegmentedProps<V extends string | number> {
  options: readonly V[]
  value: V
  onChange(value: V): void
  label(value: V): ReactNode
  /** Name of the data attribute holding each button's value, e.g. "level" → data-level. */
  attribute: string
  className?: string
  ariaLabel?: string
  testId?: string
}

export function Segmented<V extends string | number>({ options, value, onChange, label, attribute, className, ariaLabel, testId }: SegmentedProps<V>) {
  return (
    <div className={className ? `segmented ${className}` : 'segmented'} role="group" aria-label={ariaLabel} data-testid={testId}>
      {options.map((option) => (
        <button
          key={option}
          type="button"
          className={option === value ? 'segmented__item is-active' : 'segmented__item'}
          aria-pressed={option === value}
          {...{ [`data-${attribute}`]: option }}
          onClick={() => onChange(option)}
        >
          {label(option)}
        </button>
      ))}
    </div>
  )
}

// A labelled on/off switch (a real checkbox underneath, so keyboards and tests can use it).
import type { ReactNode } from 'react'

export interface SwitchProps {
  checked: boolean
  onChange(checked: boolean): void
  label: ReactNode
  /** A small drawing of what the layer looks like on the map. */
  swatch?: ReactNode
  suffix?: ReactNode
  testId?: string
  disabled?: boolean
}

export function Switch({ checked, onChange, label, swatch, suffix, testId, disabled }: SwitchProps) {
  return (
    <label className={disabled ? 'switch-row is-disabled' : 'switch-row'} data-testid={testId}>
      {swatch && <span className="switch-row__swatch">{swatch}</span>}
      <span className="switch-row__label">{label}</span>
      {suffix !== undefined && <span className="switch-row__suffix">{suffix}</span>}
      <input
        type="checkbox"
        className="switch-row__input"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="switch-row__track" aria-hidden="true" />
    </label>
  )
}

// The walk the analysis assumes: which service points count, the life-circle tier (5, 10, 15
// minutes or any), walking speed and detour, the level of areas reported and the target share.
import { useEffect, useState } from 'react'
import { getServiceRadius } from '../../../core/analysis/get-service-radius'
import { formatNumber, getLocalName, useT } from '../../i18n'
import { useAppStore } from '../../store'
import { COVERAGE_BOUNDS, COVERAGE_LEVELS, COVERAGE_METRICS } from '../../../core/wire/coverage-parameters'
import { Segmented } from '../../components/Segmented'

const TIERS = [5, 10, 15] as const

export function PlanSettings() {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const params = useAppStore((s) => s.planParams)
  const setPlanParams = useAppStore((s) => s.setPlanParams)
  const types = useAppStore((s) => s.facilityTypes)
  const counts = useAppStore((s) => s.summary?.facilitiesByType)
  const radius = getServiceRadius({ minutes: params.minutes, speedMetersPerMinute: params.speedMetersPerMinute, detourFactor: params.detourFactor })
  const all = params.types.length === 0
  // The walking network where the data has one (the default then), circles otherwise.
  const hasNetwork = useAppStore((s) => Boolean(s.planInputs?.roads?.length))
  const metric = params.metric ?? (hasNetwork ? 'network' : 'circle')

  const toggleType = (code: string, on: boolean) => {
    const current = all ? types.map((x) => x.code) : params.types
    const next = on ? [...new Set([...current, code])] : current.filter((c) => c !== code)
    // Every type ticked is the same as "all"; none ticked is not allowed (nothing would count).
    if (next.length === 0) return
    setPlanParams({ types: next.length === types.length ? [] : next })
  }

  return (
    <section className="plan-card" data-testid="plan-settings">
      <h2 className="plan-card__title">{t('plan.settings.title')}</h2>
      <fieldset className="plan-field">
        <legend>{t('plan.settings.types')}</legend>
        <div className="type-chips">
          <button type="button" className={all ? 'chip is-active' : 'chip'} aria-pressed={all} onClick={() => setPlanParams({ types: [] })}>
            {t('plan.settings.allTypes')}
          </button>
          {types.map((type) => {
            const on = all || params.types.includes(type.code)
            return (
              <label key={type.code} className={on ? 'chip is-active' : 'chip'} style={{ ['--chip-color' as string]: type.color }} data-type={type.code}>
                <input type="checkbox" checked={on} onChange={(e) => toggleType(type.code, e.target.checked)} />
                <span className="chip__dot" aria-hidden="true" />
                {getLocalName(type, language)}
                {counts?.[type.code] !== undefined && <span className="chip__count">{counts[type.code]}</span>}
              </label>
            )
          })}
        </div>
      </fieldset>
      <fieldset className="plan-field">
        <legend>{t('plan.settings.walk')}</legend>
        <Segmented
          options={TIERS}
          value={params.minutes as (typeof TIERS)[number]}
          onChange={(m) => setPlanParams({ minutes: m })}
          label={(m) => t('plan.settings.tier', { n: m })}
          attribute="minutes"
          className="plan-tiers"
          ariaLabel={t('plan.settings.walk')}
          testId="tiers"
        />
        {hasNetwork && (
          <Segmented
            options={COVERAGE_METRICS}
            value={metric}
            onChange={(m) => setPlanParams({ metric: m })}
            label={(m) => t(`plan.metric.${m}`)}
            attribute="metric"
            className="plan-metric"
            ariaLabel={t('plan.settings.metric')}
            testId="metric"
          />
        )}
        <div className="plan-inputs">
          <NumberField label={t('plan.settings.minutes')} testId="minutes" value={params.minutes} {...COVERAGE_BOUNDS.minutes} step={1} onCommit={(v) => setPlanParams({ minutes: v })} />
          <NumberField label={t('plan.settings.speed')} testId="speed" value={params.speedMetersPerMinute} {...COVERAGE_BOUNDS.speedMetersPerMinute} step={1} onCommit={(v) => setPlanParams({ speedMetersPerMinute: v })} />
          {/* The detour factor stands in for the streets on circles; on the network the streets are walked. */}
          {metric === 'circle' && <NumberField label={t('plan.settings.detour')} testId="detour" value={params.detourFactor} {...COVERAGE_BOUNDS.detourFactor} step={0.05} onCommit={(v) => setPlanParams({ detourFactor: v })} />}
        </div>
        <p className="plan-radius" data-testid="radius">
          {metric === 'network'
            ? t('plan.settings.networkWalk', { r: formatNumber(params.minutes * params.speedMetersPerMinute, language), m: params.minutes, v: params.speedMetersPerMinute })
            : t('plan.settings.radius', {
                r: formatNumber(Math.round(radius), language),
                m: params.minutes,
                v: params.speedMetersPerMinute,
                d: params.detourFactor,
              })}
        </p>
      </fieldset>
      <fieldset className="plan-field plan-field--row">
        <legend className="visually-hidden">{t('plan.settings.level')}</legend>
        <Segmented
          options={COVERAGE_LEVELS}
          value={params.level}
          onChange={(level) => setPlanParams({ level })}
          label={(level) => t(`plan.level.${level}`)}
          attribute="level"
          ariaLabel={t('plan.settings.level')}
          testId="levels"
        />
        <NumberField label={t('plan.settings.target')} testId="target" value={params.targetPct} {...COVERAGE_BOUNDS.targetPct} step={1} suffix="%" onCommit={(v) => setPlanParams({ targetPct: v })} />
      </fieldset>
    </section>
  )
}

interface NumberFieldProps {
  label: string
  value: number
  min: number
  max: number
  step: number
  suffix?: string
  testId: string
  onCommit(value: number): void
}

/** A number input that applies on Enter or blur, and says what range it takes when the value is out of it. */
function NumberField({ label, value, min, max, step, suffix, testId, onCommit }: NumberFieldProps) {
  const t = useT()
  const [text, setText] = useState(String(value))
  useEffect(() => setText(String(value)), [value])
  const parsed = Number(text)
  const invalid = text.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max
  const commit = () => {
    if (!invalid && parsed !== value) onCommit(parsed)
  }
  return (
    <label className={invalid ? 'number-field is-invalid' : 'number-field'}>
      <span className="number-field__label">{label}</span>
      <span className="number-field__box">
        <input
          type="number"
          inputMode="decimal"
          value={text}
          min={min}
          max={max}
          step={step}
          data-testid={`input-${testId}`}
          aria-invalid={invalid}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
        {suffix && <span className="number-field__suffix">{suffix}</span>}
      </span>
      {invalid && (
        <span className="number-field__error" role="alert">
          {t('plan.settings.range', { min, max })}
        </span>
      )}
    </label>
  )
}

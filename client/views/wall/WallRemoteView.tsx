// `/wall/remote`: a phone or tablet drives a wall — same token (or the same signed-in user), so
// the same scope. It shows what the wall shows (its state, sent through the wall's Socket.IO
// room) as big buttons: drill into an area, go up, pick a window, a hotspot or an open issue,
// switch the autopilot. Every command is acknowledged with the number of screens that got it.
import { useEffect, useMemo, useRef, useState } from 'react'
import { TRIAGE_COLOUR_INFO } from '../../../core/domain/triage'
import { WALL_WINDOWS, type WallCommand, type WallState } from '../../../core/wire/wall'
import { LoginForm } from '../../components/LoginForm'
import { getLocalName, getSubcategoryName, useT } from '../../i18n'
import { useAreaIndex } from '../../areas/use-area-names'
import { getHotspotCenter, getHotspotLabels } from './wall-data'
import { useAreaPoints } from './area-points'
import { useAppStore } from '../../store'
import { connectWallSocket, type WallSocket, type WallSocketStatus } from './wall-socket'
import { readWallUrl } from './wall-url'
import { useWallAuth } from './use-wall'

export function WallRemoteView() {
  const t = useT()
  const url = useMemo(() => readWallUrl(location.search), [])
  const [auth, signedIn] = useWallAuth(url.token)
  useEffect(() => {
    if (url.lang) useAppStore.getState().setLanguage(url.lang)
  }, [url])
  const session = useAppStore((s) => s.session)
  if (auth === 'refused') return <p className="remote-message" data-testid="remote-refused">{t('remote.refused')}</p>
  if (auth === 'login') return <div className="remote-message"><LoginForm title={t('remote.title')} onLogin={signedIn} /></div>
  if (auth !== 'ready' || !session) return <p className="remote-message">{t('remote.connecting')}</p>
  return <Remote token={session.token} />
}

function Remote({ token }: { token: string }) {
  const t = useT()
  const language = useAppStore((s) => s.language)
  const [status, setStatus] = useState<WallSocketStatus>('connecting')
  const [screens, setScreens] = useState<number | null>(null)
  const [state, setState] = useState<WallState | null>(null)
  const [feedback, setFeedback] = useState('')
  const socket = useRef<WallSocket | null>(null)
  const index = useAreaIndex()
  const points = useAreaPoints()
  // Names in this phone's language (the wall may speak another).
  const nameOf = (code: string, fallback: string) => {
    const a = index?.get(code)
    return a ? getLocalName(a, language) : fallback
  }
  // The hotspots named as the wall names them: each different.
  const hotspotNames = useMemo(
    () => (state && index ? getHotspotLabels(state.hotspots.map((h) => ({ key: h.key, gridCode: h.gridCode, center: getHotspotCenter(h.key, points) })), index, language, points) : (state?.hotspots.map((h) => h.label) ?? [])),
    [state, index, language, points],
  )

  useEffect(() => {
    const s = connectWallSocket({ token, as: 'remote', onStatus: setStatus, onState: setState, onScreens: setScreens })
    socket.current = s
    return () => s.close()
  }, [token])

  async function send(command: WallCommand) {
    const ack = await (socket.current?.command(command) ?? Promise.resolve({ ok: false as const, error: 'not connected' }))
    setFeedback(ack.ok ? `${t('remote.sent')} · ${t('remote.screens', { n: ack.screens })}` : t('remote.failed', { message: ack.error }))
  }

  if (status === 'refused') return <p className="remote-message" data-testid="remote-refused">{t('remote.refused')}</p>
  return (
    <div className="remote" data-testid="wall-remote">
      <header className="remote-header">
        <h1>{t('remote.title')}</h1>
        {state && (
          <span className={`remote-mode remote-mode--${state.mode}`} data-testid="remote-mode">
            {t('remote.mode', { mode: t(`wall.mode.${state.mode}`) })}
          </span>
        )}
        <span className={`remote-status remote-status--${status === 'live' && screens ? 'ok' : 'warn'}`} data-testid="remote-screens">
          {status !== 'live' ? t('remote.connecting') : screens ? t('remote.screens', { n: screens }) : t('remote.noScreen')}
        </span>
      </header>
      {state && (
        <>
          <nav className="remote-crumbs" data-testid="remote-breadcrumb">
            {state.chain.map((a, i) => (
              <button key={a.code} type="button" disabled={i === state.chain.length - 1} onClick={() => void send({ type: 'drill', area: a.code })}>
                {nameOf(a.code, a.name)}
              </button>
            ))}
          </nav>
          <div className="remote-row">
            <button type="button" onClick={() => void send({ type: 'up' })} disabled={state.chain.length < 2}>
              ↑ {t('remote.up')}
            </button>
            <button type="button" onClick={() => void send({ type: 'home' })} disabled={state.chain.length < 2}>
              ⌂ {t('remote.home')}
            </button>
            <button type="button" onClick={() => void send({ type: 'close' })} disabled={state.hotspot === null && state.issueId === null}>
              ✕ {t('remote.close')}
            </button>
          </div>
          <div className="remote-row remote-row--toggle" role="group">
            {WALL_WINDOWS.map((w) => (
              <button key={w} type="button" aria-pressed={state.window === w} onClick={() => void send({ type: 'window', window: w })}>
                {t(`wall.window.${w}`)}
              </button>
            ))}
          </div>
          <div className="remote-row remote-row--toggle" role="group">
            {(['hex', 'grid'] as const).map((l) => (
              <button key={l} type="button" aria-pressed={state.level === l} onClick={() => void send({ type: 'level', level: l })}>
                {t(`wall.level.${l}`)}
              </button>
            ))}
            <button type="button" aria-pressed={state.autopilot} onClick={() => void send({ type: 'autopilot', on: !state.autopilot })} data-testid="remote-autopilot">
              {t('remote.autopilot')}
            </button>
          </div>
          {state.children.length > 0 && (
            <section className="remote-section" data-testid="remote-children">
              <h2>{t('remote.drill')}</h2>
              {state.children.map((c) => (
                <button key={c.code} type="button" data-code={c.code} onClick={() => void send({ type: 'drill', area: c.code })}>
                  <span>{nameOf(c.code, c.name)}</span>
                  <strong>{c.open}</strong>
                </button>
              ))}
            </section>
          )}
          {state.hotspots.length > 0 && (
            <section className="remote-section" data-testid="remote-hotspots">
              <h2>{t('wall.hotspots')}</h2>
              {state.hotspots.map((h, i) => (
                <button key={h.key} type="button" aria-pressed={state.hotspot === i} onClick={() => void send({ type: 'hotspot', index: i })}>
                  <span>
                    {i + 1}. {hotspotNames[i] ?? h.label}
                    {h.emerging && <em> ↑</em>}
                  </span>
                  <strong>{h.score}</strong>
                </button>
              ))}
            </section>
          )}
          {state.issues.length > 0 && (
            <section className="remote-section" data-testid="remote-issues">
              <h2>{t('wall.openIssues')}</h2>
              {state.issues.map((i) => (
                <button key={i.id} type="button" data-issue-id={i.id} aria-pressed={state.issueId === i.id} onClick={() => void send({ type: 'issue', id: i.id })}>
                  <span>
                    <i className="wall-dot" style={{ background: TRIAGE_COLOUR_INFO[i.colour as keyof typeof TRIAGE_COLOUR_INFO]?.hex }} aria-hidden="true" /> {getSubcategoryName(i.label, language)}
                  </span>
                  <small>{i.code}</small>
                </button>
              ))}
            </section>
          )}
        </>
      )}
      <p className="remote-feedback" role="status" data-testid="remote-feedback">
        {feedback}
      </p>
    </div>
  )
}

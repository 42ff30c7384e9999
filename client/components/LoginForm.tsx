// Log in with username and password; the session is kept in this browser until it expires.
import { useState, type FormEvent } from 'react'
import { ApiError } from '../api/http'
import { login, type Session } from '../api/session'
import { useT } from '../i18n'

export function LoginForm(props: { title: string; onLogin(session: Session): void }) {
  const t = useT()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      props.onLogin(await login(username.trim(), password))
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0
      setError(status === 401 ? t('login.wrong') : status === 429 ? t('login.limited') : status === 0 ? t('login.offline') : (err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="login-form" onSubmit={submit} data-testid="login-form">
      <h1>{props.title}</h1>
      <label>
        {t('login.username')}
        <input name="username" autoComplete="username" autoCapitalize="none" value={username} onChange={(e) => setUsername(e.target.value)} required />
      </label>
      <label>
        {t('login.password')}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p className="report-hint report-hint--error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="report-button" disabled={busy}>
        {busy ? t('login.busy') : t('login.submit')}
      </button>
    </form>
  )
}

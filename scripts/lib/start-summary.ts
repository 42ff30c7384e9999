// What `npm start` prints once the server listens: where to go, which account opens each view,
// the password, and whether the data is the synthetic demo and moves by itself.
import type { RunningServer } from '../../server/index.js'

const VIEWS: { path: string; name: string; who: string; account: (accounts: string[]) => string | undefined }[] = [
  { path: '/', name: '指挥中心 console', who: 'operators', account: (a) => a.find((u) => u === 'operator') },
  { path: '/plan', name: '规划 planner', who: '15-minute coverage', account: (a) => a.find((u) => u === 'planner') },
  { path: '/wall', name: '大屏 wall', who: 'street leaders', account: (a) => a.find((u) => u.startsWith('leader-')) ?? a.find((u) => u === 'operator') },
  { path: '/report', name: '手机上报 phone', who: 'grid workers', account: (a) => a.find((u) => u === 'worker') },
]

/** The closing block: the URL of each view and its account, the demo accounts, the demo's state. */
export function formatStartSummary(server: Pick<RunningServer, 'url' | 'demoAccounts' | 'demoHistory' | 'demoActivity'>, seconds: number): string {
  // A server listening on every interface is still opened here at 127.0.0.1.
  const base = server.url.replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://127.0.0.1:')
  const usernames = server.demoAccounts?.accounts.map((a) => a.username) ?? []
  const rule = '─'.repeat(72)
  const lines = [rule, `GridPulse 网格脉搏 is ready (${seconds.toFixed(1)} s) — open ${base}`, '']
  for (const v of VIEWS) {
    const account = v.account(usernames)
    lines.push(`  ${padDisplay(`${v.name} (${v.who})`, 36)} ${(base + v.path).padEnd(32)} ${account ? `log in as ${account}` : ''}`.trimEnd())
  }
  if (server.demoAccounts) {
    const { accounts, password } = server.demoAccounts
    lines.push('', `Demo accounts 演示账号 — password 密码: ${password}`)
    for (const a of accounts) lines.push(`  ${a.username.padEnd(22)} ${a.role.padEnd(16)} ${a.displayName}`)
  }
  if (server.demoHistory || server.demoActivity) {
    lines.push('', 'Demo data 演示数据 (synthetic Bijiang district):')
    if (server.demoHistory) {
      const h = server.demoHistory
      lines.push(`  history written now: ${h.issues.toLocaleString('en')} issues (${h.open.toLocaleString('en')} still open), ${h.events.toLocaleString('en')} events, ${h.seconds.toFixed(1)} s`)
    }
    if (server.demoActivity) lines.push('  live: a report or a step of work every few seconds (DEMO_ACTIVITY=false turns it off)')
  }
  lines.push('', 'Ctrl-C stops the server.', rule)
  return lines.join('\n')
}

/** Pads to a width in terminal columns: a Chinese character takes two. */
function padDisplay(text: string, columns: number): string {
  const width = [...text].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0)
  return text + ' '.repeat(Math.max(0, columns - width))
}

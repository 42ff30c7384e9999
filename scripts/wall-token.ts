// `npm run wall-token -- --area 520602002 --label 环北街道会议室`: a kiosk link for a wall screen.
// Creates a read-only wall token scoped to the area through the running server's API (as the demo
// operator, or --user/--password) and prints the wall's URL and its remote's; --revoke ID ends one.
import { readConfig } from '../server/config.js'
import { resolveDemoPassword } from '../server/auth/demo-users.js'
import { parseCli } from './lib/cli.js'
import { callApi, loginAs } from './lib/api-client.js'

const usage = `Usage: npm run wall-token -- --area CODE [--label TEXT] [--days N] [--url URL] [--user U] [--password P]
       npm run wall-token -- --revoke ID [--url URL] [--user U] [--password P]

Creates a wall token (read-only, scoped to the area CODE and below, valid N days, default 365) on
the running server and prints the kiosk URL /wall?token=… and the remote's /wall/remote?token=….
  --area CODE     a street, community or grid code (or the district's), e.g. 520602002 (环北街道)
  --label TEXT    what the screen is, e.g. 环北街道会议室 (default: the area code)
  --days N        1–3650
  --url URL       the server (default http://127.0.0.1:$PORT)
  --user U        an admin or operator (default operator)
  --password P    their password (default DEMO_PASSWORD, else the one npm start generated in DATA_DIR)
  --revoke ID     revoke the token with this id instead (its screens go blank at once)`

const { values } = parseCli(usage, {
  area: { type: 'string' },
  label: { type: 'string' },
  days: { type: 'string', default: '365' },
  url: { type: 'string' },
  user: { type: 'string', default: 'operator' },
  password: { type: 'string' },
  revoke: { type: 'string' },
})
const fail = (message: string): never => {
  console.error(`${message}\n\n${usage}`)
  process.exit(2)
}
const config = readConfig()
const base = (values.url ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, '')
const password = values.password ?? resolveDemoPassword(config.demoPassword, config.dataDir).password
if (!values.revoke && !values.area) fail('--area is required')

async function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Record<string, unknown>> {
  let res: Awaited<ReturnType<typeof callApi<Record<string, unknown> | undefined>>>
  try {
    res = await callApi<Record<string, unknown> | undefined>(base, path, init)
  } catch (err) {
    return fail(`cannot reach ${base} (${(err as Error).message}): is npm start running?`)
  }
  if (res.status >= 400) fail(`${init.method ?? 'GET'} ${path}: ${res.status} ${(res.body?.error as { message?: string } | undefined)?.message ?? ''}`)
  return res.body ?? {}
}

const token = await loginAs(base, values.user, password).then(
  (r) => r.token,
  (err: Error) => fail(err.message.startsWith('cannot log in') ? err.message : `cannot reach ${base} (${err.message}): is npm start running?`),
)
if (values.revoke) {
  await call(`/api/wall-tokens/${encodeURIComponent(values.revoke)}`, { method: 'DELETE', token })
  console.log(`revoked ${values.revoke}`)
} else {
  const wall = (await call('/api/wall-tokens', { method: 'POST', token, body: JSON.stringify({ label: values.label ?? values.area, area: values.area, days: Number(values.days) }) })) as {
    id: string
    token: string
    expiresAt: string
  }
  console.log(`id       ${wall.id}\nexpires  ${wall.expiresAt}\nwall     ${base}/wall?token=${wall.token}\nremote   ${base}/wall/remote?token=${wall.token}`)
}

// Demo accounts for each role, so a new user can log in at once: admin, operator, planner,
// worker (a grid worker in 锦江街道's first grid) and leader-<street code> for every street.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Role } from '../../core/domain/issue-lifecycle.js'
import type { Sql } from '../db/client.js'
import { selectAreasGeoJson } from '../db/queries/areas.js'
import { upsertUsers, type NewUser } from '../db/queries/users.js'
import { hashPassword, verifyPassword } from './passwords.js'

export interface DemoAccount {
  username: string
  role: Role
  area: string
  displayName: string
}

/** The accounts for the areas in the database; throws when it holds no district. */
export async function planDemoAccounts(sql: Sql): Promise<DemoAccount[]> {
  const areas = JSON.parse(await selectAreasGeoJson(sql, { geometry: 'none' })) as {
    features: { properties: { code: string; name: string; level: string; parent_code: string | null } }[]
  }
  const all = areas.features.map((f) => f.properties)
  const district = all.find((a) => a.level === 'district')
  if (!district) throw new Error('no district in the database: seed the areas first')
  const streets = all.filter((a) => a.level === 'street')
  const parentOf = new Map(all.map((a) => [a.code, a.parent_code]))
  const streetOf = (code: string) => {
    let c: string | null | undefined = code
    while (c && !streets.some((s) => s.code === c)) c = parentOf.get(c)
    return c
  }
  const jinjiang = streets.find((s) => s.name === '锦江街道') ?? streets[0]
  const workerGrid = all.filter((a) => a.level === 'grid' && streetOf(a.code) === jinjiang?.code).sort((a, b) => a.code.localeCompare(b.code))[0]
  return [
    { username: 'admin', role: 'admin', area: district.code, displayName: '系统管理员' },
    { username: 'operator', role: 'operator', area: district.code, displayName: '指挥中心值班员' },
    { username: 'planner', role: 'planner', area: district.code, displayName: '规划员' },
    ...(workerGrid ? [{ username: 'worker', role: 'grid_worker' as const, area: workerGrid.code, displayName: `网格员（${workerGrid.name}）` }] : []),
    ...streets.map((s) => ({ username: `leader-${s.code}`, role: 'street_leader' as const, area: s.code, displayName: `${s.name}负责人` })),
  ]
}

/** Creates (or resets) the demo accounts with one password. */
export async function createDemoUsers(sql: Sql, password: string): Promise<DemoAccount[]> {
  const accounts = await planDemoAccounts(sql)
  const passwordHash = await hashPassword(password)
  // A restart with the same password keeps each stored hash (a new salted hash would count as a new
  // password and end everyone's sessions); a changed password replaces it, and ends them.
  const stored = await sql<{ username: string; password_hash: string }[]>`
    SELECT username, password_hash FROM users WHERE username = ANY(${accounts.map((a) => a.username)}::text[])`
  const verified = new Map<string, boolean>()
  const hashFor = async (username: string) => {
    const old = stored.find((s) => s.username === username)?.password_hash
    if (!old) return passwordHash
    if (!verified.has(old)) verified.set(old, await verifyPassword(password, old))
    return verified.get(old) ? old : passwordHash
  }
  const users: NewUser[] = await Promise.all(
    accounts.map(async (a, i) => ({
      ...a,
      areaCode: a.area,
      phone: `1380000${String(1000 + i).padStart(4, '0')}`,
      passwordHash: await hashFor(a.username),
      demo: true,
    })),
  )
  await upsertUsers(sql, users)
  return accounts
}

/**
 * The demo password: DEMO_PASSWORD when set, else one generated on first use and kept in the
 * data folder (never in git), so it stays the same across restarts and can be printed each time.
 */
export function resolveDemoPassword(configured: string | undefined, dataDir: string): { password: string; generated: boolean } {
  if (configured) return { password: configured, generated: false }
  const file = path.join(dataDir, 'demo-password.txt')
  if (fs.existsSync(file)) return { password: fs.readFileSync(file, 'utf8').trim(), generated: true }
  const password = randomBytes(9).toString('base64url')
  fs.mkdirSync(dataDir, { recursive: true })
  fs.writeFileSync(file, password + '\n', { mode: 0o600 })
  return { password, generated: true }
}

/** What `npm start` prints: one line per account. */
export function formatDemoAccounts(accounts: DemoAccount[], password: string): string {
  const rows = accounts.map((a) => `  ${a.username.padEnd(20)} ${a.role.padEnd(16)} ${a.area.padEnd(14)} ${a.displayName}`)
  return ['demo accounts (password: ' + password + ')', ...rows].join('\n')
}

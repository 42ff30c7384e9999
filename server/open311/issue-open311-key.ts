// An admin issues an Open311 integration its key (`npm run users -- api-key NAME --area CODE`): the
// integration gets a user of its own — role operator, its area, disabled so that nobody signs in as
// it — that its requests are reported by, and a random key of which only the sha256 is kept. Issuing
// again replaces the key (the old one stops working); revoking ends it.
import { createHash, randomBytes } from 'node:crypto'
import { hashPassword } from '../auth/passwords.js'
import type { Sql } from '../db/client.js'
import { selectOpen311Keys, upsertOpen311Key } from '../db/queries/open311.js'
import { selectUser, setUserDisabled, upsertUsers } from '../db/queries/users.js'

export const DEFAULT_OPEN311_PER_MINUTE = 60

/** Creates or renews the integration `name` in `area`; returns its new key (shown once). */
export async function issueOpen311Key(sql: Sql, k: { name: string; area: string; perMinute?: number }): Promise<string> {
  const user = await selectUser(sql, k.name)
  const integrations = new Set((await selectOpen311Keys(sql)).map((r) => r.name))
  if (user && !integrations.has(k.name)) throw new Error(`${k.name} is a person's account, not an integration: choose another name`)
  const key = `gp311_${randomBytes(24).toString('base64url')}`
  await sql.begin(async (tx) => {
    const db = tx as unknown as Sql
    await upsertUsers(db, [{ username: k.name, displayName: `Open311 · ${k.name}`, role: 'operator', areaCode: k.area, phone: null, passwordHash: await hashPassword(randomBytes(24).toString('base64url')) }])
    await setUserDisabled(db, k.name, true)
    await upsertOpen311Key(db, { name: k.name, keySha256: createHash('sha256').update(key).digest('hex'), areaCode: k.area, perMinute: k.perMinute ?? DEFAULT_OPEN311_PER_MINUTE })
  })
  return key
}

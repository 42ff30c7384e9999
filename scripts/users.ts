// `npm run users -- COMMAND`: user administration without SQL — list, add, disable, enable,
// reset-password, unlock (clear failed-login counts), revoke (end every session), and the Open311
// integrations' keys (api-key, api-keys). Works on the
// configured database directly (DATABASE_URL, else the embedded one in DATA_DIR, which a running
// `npm start` holds: stop it first, or point DATABASE_URL at the server).
import { randomBytes } from 'node:crypto'
import { areaCodeSchema } from '../core/domain/areas.js'
import { ROLES, type Role } from '../core/domain/issue-lifecycle.js'
import { textSchema } from '../core/wire/text.js'
import { hashPassword } from '../server/auth/passwords.js'
import { areaExists } from '../server/db/queries/areas.js'
import { unlockUsername } from '../server/db/queries/login-failures.js'
import { revokeUserSessions, selectUsers, setUserDisabled, setUserPassword, upsertUsers, userExists } from '../server/db/queries/users.js'
import { openConfiguredDbOrFail, parseCli } from './lib/cli.js'
import { revokeOpen311Key, selectOpen311Keys } from '../server/db/queries/open311.js'
import { DEFAULT_OPEN311_PER_MINUTE, issueOpen311Key } from '../server/open311/issue-open311-key.js'

const usage = `Usage: npm run users -- list
       npm run users -- add NAME --role ROLE --area CODE [--display-name TEXT] [--phone P] [--password P]
       npm run users -- disable NAME | enable NAME
       npm run users -- reset-password NAME [--password P]
       npm run users -- unlock NAME
       npm run users -- revoke NAME
       npm run users -- api-key NAME --area CODE [--per-minute N] | api-key NAME --revoke
       npm run users -- api-keys

  list            every user: name, role, area, disabled, demo
  add             a new user (an existing name is refused); without --password one is generated
                  and printed once
  disable         the user can no longer log in, and every session they have ends
  enable          lets a disabled user log in again
  reset-password  a new password (generated unless --password) and every session ends
  unlock          clears the failed-login counts of NAME from every address (LOGIN_ATTEMPTS)
  revoke          ends every session of NAME (their tokens stop working; live sockets end when
                  they next reconnect, at once for a logout through the app)
  api-key         issues (or renews: the old key stops working) the key of the Open311 integration
                  NAME, which may report in CODE and read CODE's requests, at most N requests a
                  minute (default 60); printed once. NAME becomes a user of its own (an operator,
                  disabled: nobody signs in as it) that its reports are made by. --revoke ends it
  api-keys        every Open311 integration: name, area, rate, issued, revoked
  ROLE is one of ${ROLES.join(', ')}; CODE an area code (the district 520602, a street 520602007, …).`

const { values, positionals } = parseCli(
  usage,
  { role: { type: 'string' }, area: { type: 'string' }, 'display-name': { type: 'string' }, phone: { type: 'string' }, password: { type: 'string' }, 'per-minute': { type: 'string' }, revoke: { type: 'boolean' } },
  true,
)
const fail = (message: string): never => {
  console.error(`users: ${message}\n\n${usage}`)
  process.exit(2)
}
const [command, name, ...rest] = positionals
if (!command) fail('a command is required')
if (rest.length) fail(`unexpected ${rest.join(' ')}`)
if (command !== 'list' && command !== 'api-keys') {
  if (!name) fail(`${command} needs a user name`)
  const checked = textSchema(40, { min: 1 }).safeParse(name)
  if (!checked.success) fail(`NAME: ${checked.error.issues[0].message}`)
}
const newPassword = () => {
  if (values.password !== undefined) {
    const checked = textSchema(200, { min: 8 }).safeParse(values.password)
    return checked.success ? checked.data : fail(`--password: ${checked.error.issues[0].message}`)
  }
  return randomBytes(9).toString('base64url')
}

const db = await openConfiguredDbOrFail(fail)
const { sql } = db
const known = async () => (await userExists(sql, name!)) || fail(`no user ${name}`)
try {
  switch (command) {
    case 'list': {
      const users = await selectUsers(sql)
      for (const u of users) {
        console.log([u.username.padEnd(20), u.role.padEnd(17), u.area_code.padEnd(18), u.disabled ? 'disabled' : 'active  ', u.demo ? 'demo' : '', u.display_name].join(' ').trimEnd())
      }
      console.log(`${users.length} users`)
      break
    }
    case 'add': {
      if (await userExists(sql, name!)) fail(`user ${name} exists already (reset-password or enable it instead)`)
      if (!values.role || !ROLES.includes(values.role as Role)) fail(`--role must be one of ${ROLES.join(', ')}`)
      const area = areaCodeSchema.safeParse(values.area)
      if (!area.success || !(await areaExists(sql, area.data))) fail(`--area: no area ${values.area ?? '(missing)'}`)
      const displayName = values['display-name'] ?? name!
      const checkedName = textSchema(100, { min: 1 }).safeParse(displayName)
      if (!checkedName.success) fail(`--display-name: ${checkedName.error.issues[0].message}`)
      if (values.phone !== undefined && !/^\+?[0-9 -]{3,20}$/.test(values.phone)) fail('--phone: a phone number of digits')
      const password = newPassword()
      await upsertUsers(sql, [{ username: name!, displayName, role: values.role as Role, areaCode: values.area!, phone: values.phone ?? null, passwordHash: await hashPassword(password) }])
      console.log(`added ${name} (${values.role}, ${values.area})${values.password === undefined ? `; password: ${password}` : ''}`)
      break
    }
    case 'disable':
    case 'enable':
      await known()
      await setUserDisabled(sql, name!, command === 'disable')
      console.log(command === 'disable' ? `disabled ${name}: no login, and every session ended` : `enabled ${name}`)
      break
    case 'reset-password': {
      await known()
      const password = newPassword()
      await setUserPassword(sql, name!, await hashPassword(password))
      console.log(`new password for ${name}${values.password === undefined ? `: ${password}` : ''}; every session ended`)
      break
    }
    case 'unlock':
      await known()
      console.log(`unlocked ${name} (${await unlockUsername(sql, name!)} failed-login counts cleared)`)
      break
    case 'revoke':
      await known()
      await revokeUserSessions(sql, name!)
      console.log(`ended every session of ${name}`)
      break
    case 'api-key': {
      if (values.revoke) {
        if (!(await revokeOpen311Key(sql, name!))) fail(`${name} has no key in use`)
        console.log(`revoked the Open311 key of ${name}`)
        break
      }
      const area = areaCodeSchema.safeParse(values.area)
      if (!area.success || !(await areaExists(sql, area.data))) fail(`--area: no area ${values.area ?? '(missing)'}`)
      if (!/^[a-z0-9][a-z0-9_.-]{1,39}$/.test(name!)) fail('NAME: 2–40 of a–z, 0–9, _ . - (it becomes a user name)')
      const perMinute = values['per-minute'] === undefined ? undefined : Number(values['per-minute'])
      if (perMinute !== undefined && !(Number.isInteger(perMinute) && perMinute >= 1 && perMinute <= 10_000)) fail('--per-minute: a whole number 1…10000')
      const key = await issueOpen311Key(sql, { name: name!, area: values.area!, perMinute }).catch((err: Error) => fail(err.message))
      console.log(`Open311 key of ${name} (${values.area}, ${perMinute ?? DEFAULT_OPEN311_PER_MINUTE} requests a minute) — shown once, keep it:\n${key}`)
      break
    }
    case 'api-keys': {
      const keys = await selectOpen311Keys(sql)
      for (const k of keys) console.log([k.name.padEnd(20), k.area_code.padEnd(18), `${k.per_minute}/min`.padEnd(10), k.created_at.toISOString(), k.revoked_at ? `revoked ${k.revoked_at.toISOString()}` : 'in use'].join(' '))
      console.log(`${keys.length} Open311 integrations`)
      break
    }
    default:
      fail(`unknown command ${command}`)
  }
} finally {
  await db.close()
}

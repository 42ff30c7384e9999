// Issue 15, "500s with a stack trace in the log": a NUL byte or half a surrogate pair in any text
// field is a 400 naming the field, and nothing reaches the database.
import { describe, expect, it } from 'vitest'
import { findTextProblem } from '../../core/wire/text.js'
import { getJson, newReport, postJson } from './live-helpers.js'
import { useAppAs } from './test-db.js'

const ctx = useAppAs(['operator', 'worker'], (db) => db.sql`DELETE FROM login_failures`)

const expect400 = async (res: Promise<{ status: number; body: { error: { message: string; field?: string } } }>, field: string, what: RegExp) => {
  const { status, body } = await res
  expect(status, JSON.stringify(body)).toBe(400)
  expect(body.error.message).toMatch(new RegExp(field))
  expect(body.error.message).toMatch(what)
}

describe('text fields', () => {
  it('names NUL, lone surrogates and control characters, and keeps everything else', () => {
    expect(findTextProblem('a\u0000b', true)).toMatch(/NUL/)
    expect(findTextProblem('井盖缺失\ud83d', true)).toMatch(/surrogate/)
    expect(findTextProblem('\udc00x', true)).toMatch(/surrogate/)
    expect(findTextProblem('line\nline\ttab', true)).toBeNull()
    expect(findTextProblem('line\nline', false)).toMatch(/control/)
    expect(findTextProblem("'; DROP TABLE issues; -- <script>😀", false)).toBeNull()
  })

  it('refuses a NUL in the login username with 400, not 500', async () => {
    await expect400(postJson(ctx.app.url, '/api/login', undefined, { username: 'oper\u0000ator', password: 'x' }), 'username', /NUL/)
  })

  it('refuses half a surrogate pair in a report description, and stores nothing', async () => {
    const report = newReport({ description: '垃圾满溢 \ud83d' })
    await expect400(postJson(ctx.app.url, '/api/issues', ctx.tokens.worker, report), 'description', /surrogate/)
    expect(await ctx.db.sql`SELECT 1 FROM issues WHERE id = ${report.id}`).toHaveLength(0)
  })

  it("refuses a NUL in a transition's assignee", async () => {
    const report = newReport()
    expect((await postJson(ctx.app.url, '/api/issues', ctx.tokens.worker, report)).status).toBe(201)
    expect((await postJson(ctx.app.url, `/api/issues/${report.id}/transitions`, ctx.tokens.operator, { action: 'accept' })).status).toBe(200)
    await expect400(postJson(ctx.app.url, `/api/issues/${report.id}/transitions`, ctx.tokens.operator, { action: 'dispatch', assignee: 'wor\u0000ker' }), 'assignee', /NUL/)
  })

  it("refuses a NUL in a wall token's area and label", async () => {
    await expect400(postJson(ctx.app.url, '/api/wall-tokens', ctx.tokens.operator, { label: 'hall', area: '520602\u0000' }), 'area', /area code/)
    await expect400(postJson(ctx.app.url, '/api/wall-tokens', ctx.tokens.operator, { label: 'ha\u0000ll', area: '520602' }), 'label', /NUL/)
  })
})

describe('loose parsing (issue 15)', () => {
  it('refuses a bbox that is reversed, off the globe or has an empty number', async () => {
    for (const bbox of ['110,27,109,28', '-1000,-1000,1000,1000', '109,27,,28', '109,27,110']) {
      const res = await getJson(ctx.app.url, `/api/issues?bbox=${bbox}`, ctx.tokens.operator)
      expect(res.status, bbox).toBe(400)
      expect(res.body.error.message, bbox).toMatch(/bbox/)
    }
    expect((await getJson(ctx.app.url, '/api/issues?bbox=109,27,110,28', ctx.tokens.operator)).status).toBe(200)
  })

  it('takes tile coordinates as plain digits only', async () => {
    for (const z of ['%20', '1e1', '0x1', '-0', '']) expect((await fetch(`${ctx.app.url}/tiles/areas/${z}/0/0.pbf`)).status, `z=${z}`).not.toBe(200)
    expect([200, 204]).toContain((await fetch(`${ctx.app.url}/tiles/areas/0/0/0.pbf`)).status)
  })
})


// Every text field a client sends goes through these: PostgreSQL's text cannot hold a NUL byte,
// and a lone UTF-16 surrogate (half an emoji, "\ud83d") has no UTF-8 form — either one used to
// reach the database and come back as a 500. Both, and control characters, are refused here with
// a 400 naming the field; everything else (SQL, HTML, emoji) is just characters, stored verbatim.
import { z } from 'zod'

/** A UTF-16 surrogate without its other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
/** C0 controls and DEL; a multi-line text may keep tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u001f\u007f]/
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export function findTextProblem(s: string, multiline: boolean): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character'
  if (LONE_SURROGATE.test(s)) return 'contains half of a UTF-16 surrogate pair (not valid Unicode)'
  if ((multiline ? CONTROL_EXCEPT_LINES : CONTROL).test(s)) return 'contains control characters'
  return null
}

/** A text field of at most `max` characters (and at least `min`), with no NUL, lone surrogate or control character. */
export function textSchema(max: number, { min = 0, multiline = false }: { min?: number; multiline?: boolean } = {}) {
  return z
    .string({ error: 'must be text' })
    .min(min, min === 1 ? 'required' : `at least ${min} characters`)
    .max(max, `at most ${max} characters`)
    .superRefine((s, ctx) => {
      const problem = findTextProblem(s, multiline)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    })
}

// Errors a route throws to answer 4xx, and the zod-backed parser of query strings that
// names the offending parameter.
import type { z } from 'zod'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

/** Parses req.query (or params) with a schema; a failure is a 400 naming the first bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  // `status.0` (the first item of a list) is the parameter `status`.
  const field = issue.path.filter((p) => typeof p === 'string').join('.') || undefined
  throw new HttpError(400, field ? `${field}: ${issue.message}` : issue.message, field)
}

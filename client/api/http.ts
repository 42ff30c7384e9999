// One fetch wrapper for the read API: same-origin URLs only, the signed-in session's token when
// there is one, and a typed error carrying the server's message (`{ error: { message, field } }`)
// so the UI can say what went wrong.
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly url: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

type QueryValue = string | number | undefined | null

/** Builds `/api/...?a=1` from a path and query values, leaving out empty ones. */
export function buildApiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

let tokenProvider: () => string | undefined = () => undefined

/** Where reads find the signed-in session's token (the store's session slice registers itself). */
export function readTokenFrom(provider: () => string | undefined): void {
  tokenProvider = provider
}

/** `Authorization: Bearer …` of the signed-in session, or nothing: reads of planning data and names need it. */
export function getAuthHeaders(): Record<string, string> {
  const token = tokenProvider()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

export async function getJson<T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<T> {
  const url = buildApiUrl(path, query)
  let res: Response
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json, application/geo+json', ...getAuthHeaders() } })
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err
    throw new ApiError(`cannot reach the server (${(err as Error).message})`, 0, url)
  }
  if (!res.ok) throw await readApiError(res, url)
  return (await res.json()) as T
}

/** Reads the server's `{ error: { message, field } }` into an ApiError (the status line when it is not JSON). */
export async function readApiError(res: Response, url: string): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`
  let field: string | undefined
  try {
    const body = (await res.json()) as { error?: { message?: string; field?: string } }
    if (body.error?.message) message = body.error.message
    field = body.error?.field
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(message, res.status, url, field)
}

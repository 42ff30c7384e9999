// Zod compiles object schemas with `new Function` when it may; under the server's
// Content-Security-Policy (script-src 'self', no 'unsafe-eval') its probe for that is reported
// as a violation on every page. Jitless parsing is as correct and fast enough for forms and URLs.
// Imported first by the page and by the /plan worker.
import { config } from 'zod'

config({ jitless: true })

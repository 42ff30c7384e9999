// Every route an Express app serves, as "METHOD /path" (mounted routers' prefixes included): the
// route-rules test compares it with the access table, so a new route cannot go in without a rule.
import type { Express } from 'express'

interface Layer {
  rawPath?: string
  route?: { path: string | string[]; methods: Record<string, boolean> }
  handle?: { stack?: Layer[] }
}

export function listRoutes(app: Express): string[] {
  const out: string[] = []
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path]
        for (const method of Object.keys(layer.route.methods)) for (const p of paths) out.push(`${method.toUpperCase()} ${prefix}${p}`)
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' ? layer.rawPath : ''))
      }
    }
  }
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '')
  return [...new Set(out)].sort()
}

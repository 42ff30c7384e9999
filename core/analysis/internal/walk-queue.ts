// The Dijkstra queue of walk-from-sources.ts: a binary heap of (node, metres, source) entries in
// typed arrays, least metres first and, at equal metres, the lower source. Entries are never
// changed (the walk skips a popped entry that is no longer its node's label).
//
// Why not tinyqueue (the library it replaced): a heap of entry numbers with a comparator closure
// over three growing number[] arrays allocated ~15 MB a city's walk (555 stations, 164,000 nodes)
// and read three arrays a comparison; this one compares in place and grows by doubling.

export interface WalkQueue {
  length: number
  node: Int32Array
  meters: Float64Array
  source: Int32Array
}

export const createWalkQueue = (capacity: number): WalkQueue => ({ length: 0, node: new Int32Array(Math.max(16, capacity)), meters: new Float64Array(Math.max(16, capacity)), source: new Int32Array(Math.max(16, capacity)) })

const before = (q: WalkQueue, a: number, b: number) => q.meters[a] < q.meters[b] || (q.meters[a] === q.meters[b] && q.source[a] < q.source[b])

function swap(q: WalkQueue, a: number, b: number): void {
  const n = q.node[a]
  const m = q.meters[a]
  const s = q.source[a]
  q.node[a] = q.node[b]
  q.meters[a] = q.meters[b]
  q.source[a] = q.source[b]
  q.node[b] = n
  q.meters[b] = m
  q.source[b] = s
}

export function pushWalk(q: WalkQueue, node: number, meters: number, source: number): void {
  if (q.length === q.node.length) {
    const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T) => {
      const b = make(a.length * 2)
      b.set(a)
      return b
    }
    q.node = grow(q.node, (n) => new Int32Array(n))
    q.meters = grow(q.meters, (n) => new Float64Array(n))
    q.source = grow(q.source, (n) => new Int32Array(n))
  }
  let k = q.length++
  q.node[k] = node
  q.meters[k] = meters
  q.source[k] = source
  while (k > 0) {
    const parent = (k - 1) >> 1
    if (!before(q, k, parent)) break
    swap(q, k, parent)
    k = parent
  }
}

/** Takes the least entry off the queue into slot `q.length` (read q.node[q.length] and so on after). */
export function popWalk(q: WalkQueue): void {
  const last = --q.length
  swap(q, 0, last)
  let k = 0
  for (;;) {
    const left = 2 * k + 1
    if (left >= last) break
    const right = left + 1
    const least = right < last && before(q, right, left) ? right : left
    if (!before(q, least, k)) break
    swap(q, k, least)
    k = least
  }
}

// PostgreSQL asks a relation file's size with lseek(fd, 0, SEEK_END): the planner once for every
// table and index a statement could touch, the executor whenever it extends one. Emscripten's
// NODEFS answers each such seek with an fstat system call from JavaScript. Planned on the embedded
// year (a month a partition, 24 indexes on each of the issues' months), one statement over
// `issues` with a time range made 345 of them: 1.4–10.5 ms of a 11–25 ms statement
// (.tmp/fstat-count.mts, three runs of four statements); on an empty log about 70 (0.4–0.6 ms of
// 3–4). A profile of `npm run bench -- realtime` on the embedded engine put 2.2 s of the engine
// thread's 32 s of work in fstat.
//
// The embedded engine is the only writer of its folder (one process holds its lock), and every
// change to a file's size passes through this file system: a write, a truncation (setattr with a
// size) or an open that may truncate. So the size is kept per file node after its first seek to the
// end, grown by writes past it, and forgotten on anything else that could change it (a failed write,
// a truncation, an open, an append-mode stream); a seek to the end then costs no system call.
// `tests/server/embedded-file-sizes.test.ts` checks the sizes PostgreSQL sees against the files on
// disk through inserts, deletes, VACUUM's truncation, TRUNCATE and a dropped table.

/** The parts of Emscripten's FS and NODEFS this needs (PGlite's `Module.FS`). */
export interface EmscriptenFs {
  isFile(mode: number): boolean
  filesystems: { NODEFS: { stream_ops: StreamOps; node_ops: NodeOps } }
}
interface FileNode {
  mode: number
}
interface Stream {
  node: FileNode
  flags: number
}
interface StreamOps {
  open(stream: Stream): void
  llseek(stream: Stream, offset: number, whence: number): number
  write(stream: Stream, buffer: Uint8Array, offset: number, length: number, position: number, canOwn?: boolean): number
}
interface NodeOps {
  setattr(node: FileNode, attr: { size?: number }): void
}

const SEEK_END = 2
const O_APPEND = 1024

/** What the cache did, for tests and probes. */
export interface FileSizeCacheStats {
  /** Seeks to the end answered from the cache. */
  hits: number
  /** Seeks to the end that asked the file system (and filled the cache). */
  misses: number
}

/** Keeps NODEFS's file sizes in memory (see above); installs once per FS, returns its counters. */
export function cacheFileSizes(fs: EmscriptenFs): FileSizeCacheStats {
  const { stream_ops: streamOps, node_ops: nodeOps } = fs.filesystems.NODEFS
  const installed = (streamOps as { fileSizeStats?: FileSizeCacheStats }).fileSizeStats
  if (installed) return installed
  const stats: FileSizeCacheStats = { hits: 0, misses: 0 }
  const sizes = new WeakMap<FileNode, number>()
  const { open, llseek, write } = streamOps
  const { setattr } = nodeOps

  streamOps.open = function (stream) {
    sizes.delete(stream.node)
    return open.call(this, stream)
  }
  streamOps.llseek = function (stream, offset, whence) {
    if (whence !== SEEK_END || !fs.isFile(stream.node.mode) || stream.flags & O_APPEND) return llseek.call(this, stream, offset, whence)
    let size = sizes.get(stream.node)
    if (size === undefined) {
      stats.misses++
      size = llseek.call(this, stream, 0, SEEK_END)
      sizes.set(stream.node, size)
    } else {
      stats.hits++
    }
    // The original's check and error for a position before the start.
    return offset === 0 ? size : llseek.call(this, stream, offset, whence)
  }
  streamOps.write = function (stream, buffer, offset, length, position, canOwn) {
    let written: number
    try {
      written = write.call(this, stream, buffer, offset, length, position, canOwn)
    } catch (err) {
      sizes.delete(stream.node)
      throw err
    }
    const size = sizes.get(stream.node)
    if (size !== undefined) {
      if (stream.flags & O_APPEND || typeof position !== 'number') sizes.delete(stream.node)
      else if (position + written > size) sizes.set(stream.node, position + written)
    }
    return written
  }
  nodeOps.setattr = function (node, attr) {
    try {
      return setattr.call(this, node, attr)
    } finally {
      if (attr.size !== undefined) sizes.delete(node)
    }
  }
  Object.defineProperty(streamOps, 'fileSizeStats', { value: stats })
  return stats
}

// Multipart bodies of the issue routes: the JSON in a named part and up to three photos, bounded
// in count and size; a photo's type is read from its bytes, never from its name.
import { createHash } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import multer from 'multer'
import type { PhotoUpload } from '../db/queries/photos.js'
import { HttpError } from './http-error.js'
import { imageSize } from 'image-size'

export const MAX_PHOTOS = 3
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024

/** Multipart: the JSON in a part named `issue` (or `transition`), photos in parts named `photos`. */
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 5, fieldSize: 64 * 1024, parts: MAX_PHOTOS + 5 },
})

export function parseMultipart(req: Request, res: Response, next: NextFunction) {
  if (!req.is('multipart/form-data')) return next()
  upload.array('photos', MAX_PHOTOS)(req, res, (err: unknown) => {
    if (!err) return next()
    const e = err as { code?: string; message?: string }
    if (e.code === 'LIMIT_FILE_SIZE') return next(new HttpError(413, `photos: each photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, 'photos'))
    if (e.code === 'LIMIT_FILE_COUNT' || e.code === 'LIMIT_UNEXPECTED_FILE') {
      return next(new HttpError(400, `photos: at most ${MAX_PHOTOS} photos, in parts named photos`, 'photos'))
    }
    next(new HttpError(400, `malformed multipart body: ${e.message}`))
  })
}

/** The JSON of the request: the body itself, or the named part of a multipart body. */
export function readJsonBody(req: Request, part: string): unknown {
  if (!req.is('multipart/form-data')) return req.body
  const raw = (req.body as Record<string, unknown> | undefined)?.[part]
  if (typeof raw !== 'string') throw new HttpError(400, `${part}: the multipart body needs a JSON part named ${part}`, part)
  try {
    return JSON.parse(raw)
  } catch (err) {
    throw new HttpError(400, `${part}: malformed JSON: ${(err as Error).message}`, part)
  }
}

/** The largest side a photo may have, in pixels (a 48-megapixel phone camera: 8,000 × 6,000). */
export const MAX_PHOTO_SIDE = 10_000

export function readPhotos(req: Request): PhotoUpload[] {
  const files = (req.files as Express.Multer.File[] | undefined) ?? []
  return files.map((f, i) => {
    const mime = sniffImageType(f.buffer)
    if (!mime) throw new HttpError(415, `photos: photo ${i + 1} is not a JPEG, PNG, WebP, GIF or HEIC image`, 'photos')
    // The first bytes say what it claims to be; its header must also decode to a sane size
    // (a text file that starts with "GIF89a" reads as 25,960 × 27,756).
    const size = readImageSize(f.buffer)
    if (!size) throw new HttpError(415, `photos: photo ${i + 1} is not a readable image (its header does not decode)`, 'photos')
    if (size.width > MAX_PHOTO_SIDE || size.height > MAX_PHOTO_SIDE) {
      throw new HttpError(415, `photos: photo ${i + 1} claims ${size.width} × ${size.height} pixels: at most ${MAX_PHOTO_SIDE} a side`, 'photos')
    }
    return { sha256: createHash('sha256').update(f.buffer).digest('hex'), mime, data: f.buffer }
  })
}

/** Width and height from the image's header (image-size reads headers only, never the pixels), or null. */
function readImageSize(b: Buffer): { width: number; height: number } | null {
  try {
    const { width, height } = imageSize(b)
    return width && height ? { width, height } : null
  } catch {
    return null
  }
}

/** The image type from the file's first bytes (never the name or the client's claim). */
export function sniffImageType(b: Buffer): string | undefined {
  if (b.length < 12) return undefined
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp'
  if (b.toString('latin1', 0, 4) === 'GIF8') return 'image/gif'
  if (b.toString('latin1', 4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1)$/.test(b.toString('latin1', 8, 12))) return 'image/heic'
  return undefined
}


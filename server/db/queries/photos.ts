// Photos stored by content hash, linked to the issue and the event that brought them.
import type { Sql } from '../client.js'

export interface PhotoUpload {
  sha256: string
  mime: string
  data: Buffer
}

/** Stores photos by hash (once each; a stored photo no issue links to is harmless). */
export async function upsertPhotos(sql: Sql, photos: PhotoUpload[]): Promise<void> {
  for (const p of photos) {
    await sql`INSERT INTO photos (sha256, mime, bytes, data) VALUES (${p.sha256}, ${p.mime}, ${p.data.length}, ${p.data})
      ON CONFLICT (sha256) DO NOTHING`
  }
}

export interface PhotoInfo {
  sha256: string
  mime: string
  bytes: number
  event_seq: string
}

export async function selectIssuePhotos(sql: Sql, issueId: string): Promise<PhotoInfo[]> {
  return sql<PhotoInfo[]>`
    SELECT p.sha256, p.mime, p.bytes, ip.event_seq::text FROM issue_photos ip JOIN photos p USING (sha256)
    WHERE ip.issue_id = ${issueId} ORDER BY ip.event_seq, ip.position`
}

/** The issues a photo belongs to (to check the caller may see one of them). */
export async function selectPhotoIssueIds(sql: Sql, sha256: string): Promise<string[]> {
  const rows = await sql<{ issue_id: string }[]>`SELECT issue_id FROM issue_photos WHERE sha256 = ${sha256}`
  return rows.map((r) => r.issue_id)
}

export async function selectPhotoData(sql: Sql, sha256: string): Promise<{ mime: string; data: Buffer } | undefined> {
  const [row] = await sql<{ mime: string; data: Buffer }[]>`SELECT mime, data FROM photos WHERE sha256 = ${sha256}`
  return row
}

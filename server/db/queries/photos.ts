// Photos stored by content hash, linked to the issue and the event that brought them.
import type { Sql, Tx } from '../client.js'

export interface PhotoUpload {
  sha256: string
  mime: string
  data: Buffer
}

/** Stores photos by hash (once each); answers the hashes this call stored (not those already there). */
export async function upsertPhotos(sql: Sql, photos: PhotoUpload[]): Promise<string[]> {
  const stored: string[] = []
  for (const p of photos) {
    const rows = await sql`INSERT INTO photos (sha256, mime, bytes, data) VALUES (${p.sha256}, ${p.mime}, ${p.data.length}, ${p.data})
      ON CONFLICT (sha256) DO NOTHING RETURNING sha256`
    if (rows.length) stored.push(p.sha256)
  }
  return stored
}

/** Removes those of `hashes` that no issue links to (the photos of a request that failed). */
export async function deleteUnlinkedPhotos(sql: Sql, hashes: string[]): Promise<void> {
  if (hashes.length === 0) return
  await sql`DELETE FROM photos p WHERE p.sha256 = ANY(${hashes}::text[]) AND NOT EXISTS (SELECT 1 FROM issue_photos ip WHERE ip.sha256 = p.sha256)`
}

/**
 * Removes every photo no issue links to that is older than `minAgeMinutes` (a request that died
 * between storing its photos and its issue, e.g. in a crash): run at start. Younger ones may belong
 * to a request still in flight in another process. Answers how many went.
 */
export async function sweepUnlinkedPhotos(sql: Sql, minAgeMinutes = 60): Promise<number> {
  const rows = await sql`DELETE FROM photos p WHERE p.created_at < now() - make_interval(mins => ${minAgeMinutes})
    AND NOT EXISTS (SELECT 1 FROM issue_photos ip WHERE ip.sha256 = p.sha256) RETURNING sha256`
  return rows.length
}

export interface PhotoInfo {
  sha256: string
  mime: string
  bytes: number
  event_seq: string
}

export async function selectIssuePhotos(sql: Sql | Tx, issueId: string): Promise<PhotoInfo[]> {
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

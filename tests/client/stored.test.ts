// What the browser remembers: values round-trip as JSON, a broken or unexpected entry reads as
// nothing, an entry from before values were JSON reads as its text, and a storage that refuses
// to write loses the value, not the page.
import { describe, expect, it } from 'vitest'
import { readStored, STORED_KEYS, writeStored } from '../../client/stored'
import { readBasemapOverride, writeBasemapOverride } from '../../client/config'
import { memoryStorage } from './memory-storage'

const isDraft = (v: unknown) => (v && typeof (v as { description?: unknown }).description === 'string' ? (v as { description: string }) : null)

describe('stored preferences', () => {
  it('round-trips a value, and null removes it', () => {
    const s = memoryStorage()
    writeStored(STORED_KEYS.reportDraft, { description: '井盖缺失' }, s)
    expect(readStored(STORED_KEYS.reportDraft, isDraft, s)).toEqual({ description: '井盖缺失' })
    writeStored(STORED_KEYS.reportDraft, null, s)
    expect(s.getItem(STORED_KEYS.reportDraft)).toBeNull()
  })

  it('reads a broken or unexpected entry as nothing, and a pre-JSON entry as its text', () => {
    const s = memoryStorage()
    s.setItem(STORED_KEYS.reportDraft, '{"description": 5}')
    expect(readStored(STORED_KEYS.reportDraft, isDraft, s)).toBeNull()
    s.setItem(STORED_KEYS.reportDraft, '{not json')
    expect(readStored(STORED_KEYS.reportDraft, isDraft, s)).toBeNull()
    s.setItem(STORED_KEYS.gpsCrs, 'gcj02')
    expect(readStored(STORED_KEYS.gpsCrs, (v) => v, s)).toBe('gcj02')
    expect(readStored(STORED_KEYS.session, (v) => v, s)).toBeNull()
  })

  it('keeps going when the storage refuses a write', () => {
    const s = memoryStorage(true)
    expect(() => writeStored(STORED_KEYS.userLayers('operator'), { layers: {} }, s)).not.toThrow()
    expect(readStored(STORED_KEYS.userLayers('operator'), (v) => v, s)).toBeNull()
  })

  it('keeps a valid basemap choice and refuses to store an invalid one', () => {
    const s = memoryStorage()
    writeBasemapOverride({ kind: 'osm' }, s)
    expect(readBasemapOverride(s)).toEqual({ kind: 'osm' })
    expect(() => writeBasemapOverride({ kind: 'style', url: 'not a url' } as never, s)).toThrow()
    s.setItem(STORED_KEYS.basemap, '{"kind":"nonsense"}')
    expect(readBasemapOverride(s)).toBeNull()
  })
})

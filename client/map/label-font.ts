// The label font in the document before MapLibre draws: MapLibre draws text itself from the CSS
// font, and a unicode-range piece of it that is not loaded yet draws boxes.
import { LABEL_FONT_FAMILY } from './style'

/** Loads the pieces of the label font that cover the given features' names, in both languages. */
export async function loadLabelFont(collections: ({ features: { properties: unknown }[] } | null)[]): Promise<void> {
  const chars = new Set<string>()
  for (const c of collections) {
    for (const f of c?.features ?? []) {
      const p = (f.properties ?? {}) as { name?: unknown; name_en?: unknown }
      for (const s of [p.name, p.name_en]) if (typeof s === 'string') for (const ch of s) chars.add(ch)
    }
  }
  // Digits and basic punctuation appear in grid names and the English labels.
  for (const ch of '0123456789-·()（）') chars.add(ch)
  try {
    await document.fonts.load(`16px "${LABEL_FONT_FAMILY}"`, [...chars].join(''))
  } catch (err) {
    console.warn('label font could not be loaded; labels may show boxes', err)
  }
}


// The generator's first stage: Bijiang's seven streets (街道) and their real communities (社区),
// with their statistical codes, from the statistics bureau's division list; English names romanised.
import type { Divisions, StreetInfo } from './config.js'
import { romanise, shortName, stripCommitteeSuffix } from './names.js'

/** The streets of the division list, in its order; throws unless it is Bijiang (520602) with its seven streets. */
export function readStreets(divisions: Divisions, source: string): StreetInfo[] {
  if (divisions.county.code !== '520602') throw new Error(`${source} is not Bijiang (520602)`)
  const streets: StreetInfo[] = divisions.townships
    .filter((t) => t.kind === '街道')
    .map((t, index) => ({
      index,
      code: t.code,
      name: t.name,
      name_en: `${romanise(shortName(t.name))} Subdistrict`,
      realCommunities: t.villages.filter((v) => v.kind === '社区').map((v) => ({ code: v.code, name: stripCommitteeSuffix(v.name) })),
    }))
  if (streets.length !== 7) throw new Error(`expected 7 streets in ${source}, found ${streets.length}`)
  return streets
}

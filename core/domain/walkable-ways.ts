// Which lines of a road network a person walks, by their OpenStreetMap tags (the GeoJSON import's
// properties, and an OSM extract's ways). Footways, paths, pedestrian streets, steps, living
// streets, residential and service streets and the classified roads up to primary are walked;
// motorways and trunk roads only where they carry a sidewalk (or foot=yes); `foot=no`, and
// `access=private`/`no` without a foot permission, are not; nor is a barrier drawn as a line
// (a wall, a fence). Bridges and tunnels are walked like any other way: they join the network only
// at their ends, so a bridge over a street does not connect to it.
export type WayTags = Record<string, string | undefined>

export const WALKED_HIGHWAYS: readonly string[] = [
  'footway', 'path', 'pedestrian', 'steps', 'living_street', 'residential', 'service', 'unclassified', 'road', 'track', 'corridor',
  'tertiary', 'tertiary_link', 'secondary', 'secondary_link', 'primary', 'primary_link',
]
const SIDEWALK_ONLY: readonly string[] = ['motorway', 'motorway_link', 'trunk', 'trunk_link']
const FOOT_ALLOWED: readonly string[] = ['yes', 'designated', 'permissive', 'official']

/** True when a person may walk the way. */
export function isWalkableWay(tags: WayTags): boolean {
  const highway = tags.highway
  if (!highway || (tags.barrier && tags.barrier !== 'no')) return false
  if (tags.foot === 'no') return false
  const footAllowed = FOOT_ALLOWED.includes(tags.foot ?? '')
  if ((tags.access === 'private' || tags.access === 'no') && !footAllowed) return false
  if (SIDEWALK_ONLY.includes(highway)) return footAllowed || hasSidewalk(tags)
  if (highway === 'cycleway' || highway === 'bridleway') return footAllowed
  return WALKED_HIGHWAYS.includes(highway) || footAllowed
}

function hasSidewalk(tags: WayTags): boolean {
  const values = [tags.sidewalk, tags['sidewalk:both'], tags['sidewalk:left'], tags['sidewalk:right']]
  return values.some((v) => v !== undefined && v !== 'no' && v !== 'none' && v !== 'separate')
}

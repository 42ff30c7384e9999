// Live issue pins on the console: a clustered GeoJSON source kept current by updateData diffs
// keyed by issue id. A pin is coloured by its triage colour and ringed by its stage; an overdue one
// has a pulsing halo (a global-state value the console animates), a new one flashes; clusters take
// the worst colour inside them and show their count.
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import type { Feature, Point } from 'geojson'
import { TRIAGE_COLOUR_INFO, type TriageColour } from '../../../core/domain/triage'
import type { IssueSummary } from '../../../core/wire/issues'
import { LABEL_TEXT_FONT } from '../style'
import { byZoom } from './common'
import { MAP_PALETTE } from './palette'

export const ISSUES_SOURCE_ID = 'gp-issues'
/** New issues again, unclustered, so one arriving inside a cluster is still seen at once. */
export const FRESH_ISSUES_SOURCE_ID = 'gp-issues-fresh'

export const ISSUE_LAYER_IDS = {
  clusters: 'gp-issue-clusters',
  clusterCount: 'gp-issue-cluster-count',
  halo: 'gp-issue-halo',
  fresh: 'gp-issue-fresh',
  freshPin: 'gp-issue-fresh-pin',
  pins: 'gp-issue-pins',
  selected: 'gp-issue-selected',
} as const

/** Above this zoom no pin is in a cluster: opening an issue flies at least past it (issue 16). */
export const ISSUE_CLUSTER_MAX_ZOOM = 14

/** The global-state key the console animates between 0 and 1 for the overdue halo. */
export const PULSE_STATE = 'issuePulse'

const RANK: Record<TriageColour, number> = { red: 4, orange: 3, yellow: 2, blue: 1 }
const COLOUR_BY_RANK: ExpressionSpecification = [
  'match',
  ['get', 'worst'],
  4,
  TRIAGE_COLOUR_INFO.red.hex,
  3,
  TRIAGE_COLOUR_INFO.orange.hex,
  2,
  TRIAGE_COLOUR_INFO.yellow.hex,
  TRIAGE_COLOUR_INFO.blue.hex,
]

export interface IssuePinProps {
  /** The issue's id again: tiles made from a GeoJSON source keep only numeric feature ids. */
  issueId: string
  code: string
  colour: TriageColour
  rank: number
  status: string
  /** 1 when past the stage's deadline. */
  overdue: number
  /** 1 while the issue is new on the screen. */
  fresh: number
}

export function toIssuePin(issue: IssueSummary, overdue: boolean, fresh: boolean): Feature<Point, IssuePinProps> {
  return {
    type: 'Feature',
    id: issue.id,
    geometry: { type: 'Point', coordinates: [issue.lon, issue.lat] },
    properties: { issueId: issue.id, code: issue.code, colour: issue.colour, rank: RANK[issue.colour], status: issue.status, overdue: overdue ? 1 : 0, fresh: fresh ? 1 : 0 },
  }
}

export function buildFreshIssuesSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }
}

export function buildIssuesSource(): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    cluster: true,
    clusterRadius: 46,
    clusterMaxZoom: ISSUE_CLUSTER_MAX_ZOOM,
    clusterProperties: {
      worst: ['max', ['get', 'rank']],
      overdue: ['+', ['get', 'overdue']],
    },
  }
}

const notCluster: ExpressionSpecification = ['!', ['has', 'point_count']]

export function buildIssueLayers(): LayerSpecification[] {
  const pulse: ExpressionSpecification = ['global-state', PULSE_STATE]
  return [
    {
      id: ISSUE_LAYER_IDS.clusters,
      type: 'circle',
      source: ISSUES_SOURCE_ID,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': COLOUR_BY_RANK,
        'circle-radius': ['step', ['get', 'point_count'], 13, 10, 16, 50, 20, 200, 25, 1000, 30],
        'circle-opacity': 0.88,
        'circle-stroke-color': ['case', ['>', ['get', 'overdue'], 0], '#7f1d1d', '#ffffff'],
        'circle-stroke-width': ['case', ['>', ['get', 'overdue'], 0], 3, 2],
      },
    },
    {
      id: ISSUE_LAYER_IDS.clusterCount,
      type: 'symbol',
      source: ISSUES_SOURCE_ID,
      filter: ['has', 'point_count'],
      layout: {
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': LABEL_TEXT_FONT,
        'text-size': 12,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': ['case', ['==', ['get', 'worst'], 2], '#3d2a00', '#ffffff'] },
    },
    {
      id: ISSUE_LAYER_IDS.halo,
      type: 'circle',
      source: ISSUES_SOURCE_ID,
      filter: ['all', notCluster, ['==', ['get', 'overdue'], 1]],
      paint: {
        'circle-color': ['match', ['get', 'colour'], 'red', TRIAGE_COLOUR_INFO.red.hex, 'orange', TRIAGE_COLOUR_INFO.orange.hex, 'yellow', TRIAGE_COLOUR_INFO.yellow.hex, TRIAGE_COLOUR_INFO.blue.hex],
        'circle-radius': ['+', 10, ['*', 8, ['to-number', ['coalesce', pulse, 0]]]],
        'circle-opacity': ['-', 0.45, ['*', 0.35, ['to-number', ['coalesce', pulse, 0]]]],
        'circle-blur': 0.4,
      },
    },
    {
      // A wide ring around each new issue, red ones wider, drawn over clusters too.
      id: ISSUE_LAYER_IDS.fresh,
      type: 'circle',
      source: FRESH_ISSUES_SOURCE_ID,
      paint: {
        'circle-color': ['match', ['get', 'colour'], 'red', 'rgba(214,40,40,0.16)', 'rgba(17,24,39,0.06)'],
        'circle-radius': ['match', ['get', 'colour'], 'red', 26, 18],
        'circle-stroke-color': ['match', ['get', 'colour'], 'red', TRIAGE_COLOUR_INFO.red.hex, MAP_PALETTE.ink],
        'circle-stroke-width': ['match', ['get', 'colour'], 'red', 3.5, 2],
        'circle-stroke-opacity': 0.9,
      },
    },
    {
      id: ISSUE_LAYER_IDS.freshPin,
      type: 'circle',
      source: FRESH_ISSUES_SOURCE_ID,
      paint: {
        'circle-color': ['match', ['get', 'colour'], 'red', TRIAGE_COLOUR_INFO.red.hex, 'orange', TRIAGE_COLOUR_INFO.orange.hex, 'yellow', TRIAGE_COLOUR_INFO.yellow.hex, TRIAGE_COLOUR_INFO.blue.hex],
        'circle-radius': 7,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: ISSUE_LAYER_IDS.pins,
      type: 'circle',
      source: ISSUES_SOURCE_ID,
      filter: notCluster,
      paint: {
        'circle-color': ['match', ['get', 'colour'], 'red', TRIAGE_COLOUR_INFO.red.hex, 'orange', TRIAGE_COLOUR_INFO.orange.hex, 'yellow', TRIAGE_COLOUR_INFO.yellow.hex, TRIAGE_COLOUR_INFO.blue.hex],
        'circle-radius': byZoom(10, 5, 14, 7, 17, 9),
        // The ring says the stage: white waiting to be accepted, dark in hand, green done.
        'circle-stroke-color': [
          'match',
          ['get', 'status'],
          'reported',
          MAP_PALETTE.white,
          ['accepted', 'dispatched', 'escalated'],
          '#1b2533',
          ['resolved', 'verified', 'replied', 'rated'],
          MAP_PALETTE.done,
          MAP_PALETTE.closed,
        ],
        'circle-stroke-width': ['match', ['get', 'status'], 'reported', 2.5, 2],
        'circle-opacity': ['match', ['get', 'status'], ['closed', 'rejected', 'merged'], 0.4, 1],
      },
    },
    {
      id: ISSUE_LAYER_IDS.selected,
      type: 'circle',
      source: ISSUES_SOURCE_ID,
      filter: ['==', ['get', 'issueId'], ''],
      // The open issue: a wide ring in the selection colour over a soft disc, above every pin.
      paint: {
        'circle-color': 'rgba(255,255,255,0.25)',
        'circle-radius': byZoom(10, 12, 15, 15, 18, 18),
        'circle-stroke-color': MAP_PALETTE.selection,
        'circle-stroke-width': 4,
      },
    },
  ]
}

// What the operator console views of the live issues: the filters the map and the feed share, the
// area drilled into, the issue open in the panel, the top bar's figures, the alert sound, and the
// hotline form's "pick a place on the map". The issues themselves are in live-issues-slice.ts.
import type { StateCreator } from 'zustand'
import type { AppState } from '.'
import type { IssueFiguresResponse } from '../../core/wire/issues'
import { DEFAULT_FILTERS, type IssueFilters } from '../live/issue-filters'

export interface ConsoleSlice {
  filters: IssueFilters
  area: string | null
  selectedIssueId: string | null
  figures: IssueFiguresResponse | null
  soundOn: boolean
  /** The hotline form waits for a click on the map; the click's place. */
  pickingPlace: boolean
  pickedPlace: [number, number] | null
  setFilters(f: Partial<IssueFilters>): void
  setArea(code: string | null): void
  selectIssue(id: string | null): void
  setFigures(f: IssueFiguresResponse): void
  setSoundOn(on: boolean): void
  setPicking(on: boolean): void
  setPickedPlace(p: [number, number] | null): void
}

/** What a signed-out console must not keep: the open issue and the figures. */
export const noConsoleView = (): Pick<ConsoleSlice, 'selectedIssueId' | 'figures'> => ({ selectedIssueId: null, figures: null })

export const createConsoleSlice: StateCreator<AppState, [], [], ConsoleSlice> = (set) => ({
  filters: DEFAULT_FILTERS,
  area: null,
  selectedIssueId: null,
  figures: null,
  soundOn: false,
  pickingPlace: false,
  pickedPlace: null,
  setFilters: (f) => set((s) => ({ filters: { ...s.filters, ...f } })),
  setArea: (area) => set({ area }),
  selectIssue: (selectedIssueId) => set({ selectedIssueId }),
  setFigures: (figures) => set({ figures }),
  setSoundOn: (soundOn) => set({ soundOn }),
  setPicking: (pickingPlace) => set({ pickingPlace }),
  setPickedPlace: (pickedPlace) => set({ pickedPlace, pickingPlace: false }),
})

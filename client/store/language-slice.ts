// The UI language: Simplified Chinese by default, English on request.
import type { StateCreator } from 'zustand'
import type { AppState } from '.'
import type { Language } from '../i18n/messages'

export interface LanguageSlice {
  language: Language
  setLanguage(language: Language): void
}

export const createLanguageSlice: StateCreator<AppState, [], [], LanguageSlice> = (set) => ({
  language: 'zh-CN',
  setLanguage: (language) => set({ language }),
})

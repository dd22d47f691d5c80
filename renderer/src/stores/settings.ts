import { create } from 'zustand';
import type { Settings } from '../../../shared/contract.js';
import { api } from '../api.js';

/** Archive settings (default loan days etc.), read once per session. */
interface SettingsState {
  settings: Settings | null;
  load(): Promise<void>;
  clear(): void;
}

export const useSettings = create<SettingsState>()((set, get) => ({
  settings: null,
  async load() {
    if (get().settings) return;
    try {
      set({ settings: await api.call('settings.get') });
    } catch {
      // Only used for hints; the engine applies the defaults anyway.
    }
  },
  clear() {
    set({ settings: null });
  },
}));

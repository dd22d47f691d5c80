import { create } from 'zustand';

export type View =
  | { name: 'circulation' }
  | { name: 'clients' }
  | { name: 'client'; id: string }
  | { name: 'loans' }
  | { name: 'audit' };

export type Section = 'circulation' | 'clients' | 'loans' | 'audit';

/** The nav entry a view belongs to (a client's detail sits under Clients). */
export function sectionOf(view: View): Section {
  return view.name === 'client' ? 'clients' : view.name;
}

interface NavState {
  view: View;
  go(view: View): void;
}

export const useNav = create<NavState>()((set) => ({
  view: { name: 'circulation' },
  go(view) {
    set({ view });
  },
}));

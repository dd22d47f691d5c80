import { create } from 'zustand';

export type View =
  | { name: 'circulation' }
  | { name: 'clients' }
  | { name: 'client'; id: string }
  /** `scanId`: open that scan in the viewer, `q` highlighted (a search hit on its text). */
  | { name: 'file'; archiveNo: string; scanId?: string; q?: string }
  | { name: 'loans' }
  | { name: 'applications' }
  | { name: 'people' }
  | { name: 'reports' }
  | { name: 'handovers' }
  | { name: 'locations' }
  | { name: 'import' }
  | { name: 'inbox' }
  | { name: 'audit' }
  | { name: 'settings' }
  | { name: 'search'; q?: string }
  | { name: 'verification' };

export type Section =
  'circulation' | 'search' | 'clients' | 'loans' | 'applications' | 'people' | 'reports' | 'handovers' | 'locations' | 'import' | 'inbox' | 'audit' | 'settings';

/** The nav entry a view belongs to (a client's detail and a file page sit under Clients). */
export function sectionOf(view: View): Section {
  return view.name === 'client' || view.name === 'file' || view.name === 'verification' ? 'clients' : view.name;
}

/** A key that changes whenever another page is shown (remounts the screen). */
export function viewKey(view: View): string {
  if (view.name === 'client') return `client-${view.id}`;
  if (view.name === 'file') return `file-${view.archiveNo}${view.scanId ? `-${view.scanId}-${view.q ?? ''}` : ''}`;
  if (view.name === 'search') return `search-${view.q ?? ''}`;
  return view.name;
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

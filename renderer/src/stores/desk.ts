/** The circulation desk's session record and mode: kept while the clerk visits other sections, gone with the session. */
import { create } from 'zustand';
import type { Loan } from '../../../shared/contract.js';

export interface DeskEntry {
  kind: 'lent' | 'returned';
  loan: Loan;
  at: string;
}

interface DeskState {
  recent: DeskEntry[];
  /** A scan of a file on loan returns it at once. */
  returnOnScan: boolean;
  record(kind: DeskEntry['kind'], loan: Loan): void;
  setReturnOnScan(on: boolean): void;
  clear(): void;
}

const KEEP = 50;

export const useDesk = create<DeskState>()((set) => ({
  recent: [],
  returnOnScan: false,
  record(kind, loan) {
    set((s) => ({ recent: [{ kind, loan, at: new Date().toISOString() }, ...s.recent].slice(0, KEEP) }));
  },
  setReturnOnScan(on) {
    set({ returnOnScan: on });
  },
  clear() {
    set({ recent: [], returnOnScan: false });
  },
}));

/** The circulation desk's session record and mode: kept while the clerk visits other sections, gone with the session. */
import { create } from 'zustand';
import type { Loan, Reading } from '../../../shared/contract.js';

/** A loan lent or returned, or an in-room reading started or ended. */
export type DeskEntry = { kind: 'lent' | 'returned'; loan: Loan; at: string } | { kind: 'read' | 'readEnded'; reading: Reading; at: string };

interface DeskState {
  recent: DeskEntry[];
  /** A scan of a file on loan returns it at once. */
  returnOnScan: boolean;
  record(kind: 'lent' | 'returned', loan: Loan): void;
  recordReading(kind: 'read' | 'readEnded', reading: Reading): void;
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
  recordReading(kind, reading) {
    set((s) => ({ recent: [{ kind, reading, at: new Date().toISOString() }, ...s.recent].slice(0, KEEP) }));
  },
  setReturnOnScan(on) {
    set({ returnOnScan: on });
  },
  clear() {
    set({ recent: [], returnOnScan: false });
  },
}));

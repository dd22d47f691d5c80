import { create } from 'zustand';
import type { SessionUser } from '../../../shared/contract.js';
import { DossierError } from '../../../shared/errors.js';
import { api } from '../api.js';

export type Phase = 'starting' | 'missing' | 'locked' | 'unlocked' | 'failed';

export interface SignInNotice {
  failedSignIns: number;
  authorityProblems: number;
}

interface SessionState {
  phase: Phase;
  archiveName: string | null;
  user: SessionUser | null;
  /** Why the status could not be read (phase 'failed'). */
  failure: DossierError | null;
  /** What an administrator is told once at sign-in: failed sign-ins and authority changed outside the engine since their previous one. */
  signInNotice: SignInNotice | null;
  /** The recovery key a rekey made: shown once on the way back to the sign-in screen, then forgotten. */
  renewedRecoveryKey: string | null;
  setRenewedRecoveryKey(key: string | null): void;
  noteSignIn(user: SessionUser): void;
  dismissSignInNotice(): void;
  refresh(): Promise<void>;
  lock(): Promise<void>;
  /** The engine said the archive is locked (e.g. the server restarted): back to the unlock screen. */
  markLocked(): void;
  /** The transport refused us (e.g. a stale browser-mode token). */
  fail(error: DossierError): void;
}

export const useSession = create<SessionState>()((set) => ({
  phase: 'starting',
  archiveName: null,
  user: null,
  failure: null,
  signInNotice: null,
  renewedRecoveryKey: null,
  setRenewedRecoveryKey(key) {
    set({ renewedRecoveryKey: key });
  },
  noteSignIn(user) {
    const notice = { failedSignIns: user.failedSignIns ?? 0, authorityProblems: user.authorityProblems ?? 0 };
    set({ signInNotice: notice.failedSignIns || notice.authorityProblems ? notice : null });
  },
  dismissSignInNotice() {
    set({ signInNotice: null });
  },
  async refresh() {
    try {
      const status = await api.call('archive.status');
      set({ phase: status.state, archiveName: status.archiveName, user: status.user, failure: null });
    } catch (err) {
      set({ phase: 'failed', failure: err instanceof DossierError ? err : new DossierError('internal') });
    }
  },
  async lock() {
    try {
      await api.call('session.lock');
    } finally {
      set({ phase: 'locked', user: null, signInNotice: null });
    }
  },
  markLocked() {
    set((s) => (s.phase === 'unlocked' ? { phase: 'locked', user: null, signInNotice: null } : s));
  },
  fail(error) {
    set({ phase: 'failed', failure: error, user: null });
  },
}));

/**
 * Growing delays after failed sign-ins, per user name and per source (the transport a
 * guess came through), held by the archive host: about four guesses a second would otherwise
 * be free. The failures cannot be written while the archive is locked (no key), so they wait
 * here and go into the audit log with the next successful sign-in.
 */
import { DossierError } from '../shared/errors.js';
import { usernameKey } from './keys.js';

export interface FailedSignIn {
  username: string;
  source: string;
  count: number;
  firstAt: string;
  lastAt: string;
}

/** No delay for the first mistakes; then 2 s, 4 s, 8 s … up to 5 minutes. */
export function delayMs(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(2 ** (failures - free), 300) * 1000;
}

/** A user may mistype a few times; a source (one PC, one server) serves several users. */
const FREE_PER_USER = 3;
const FREE_PER_SOURCE = 10;

export class SignInThrottle {
  private readonly entries = new Map<string, { failures: number; until: number }>();
  private readonly pending = new Map<string, FailedSignIn>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  private keys(username: string, source: string): [string, number][] {
    return [
      [`user:${usernameKey(username)}`, FREE_PER_USER],
      [`source:${source}`, FREE_PER_SOURCE],
    ];
  }

  /** Refuses at once, without trying the password, while a delay runs. */
  check(username: string, source: string): void {
    const now = this.now().getTime();
    const wait = Math.max(0, ...this.keys(username, source).map(([key]) => (this.entries.get(key)?.until ?? 0) - now));
    if (wait > 0) throw new DossierError('auth.throttled', { seconds: Math.ceil(wait / 1000) });
  }

  failed(username: string, source: string): void {
    const now = this.now();
    for (const [key, free] of this.keys(username, source)) {
      const failures = (this.entries.get(key)?.failures ?? 0) + 1;
      this.entries.set(key, { failures, until: now.getTime() + delayMs(failures, free) });
    }
    const key = `${usernameKey(username)}\u0000${source}`;
    const seen = this.pending.get(key);
    const at = now.toISOString();
    this.pending.set(key, seen ? { ...seen, count: seen.count + 1, lastAt: at } : { username: username.trim().slice(0, 64), source, count: 1, firstAt: at, lastAt: at });
  }

  succeeded(username: string, source: string): void {
    this.entries.delete(`user:${usernameKey(username)}`);
    this.entries.delete(`source:${source}`);
  }

  /** The failures not yet written to the audit log (taken: written once). */
  takePending(): FailedSignIn[] {
    const list = [...this.pending.values()];
    this.pending.clear();
    return list;
  }

  /** Puts failures back when they could not be written. */
  restore(list: FailedSignIn[]): void {
    for (const f of list) this.pending.set(`${usernameKey(f.username)}\u0000${f.source}`, f);
  }
}

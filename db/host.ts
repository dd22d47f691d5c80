/**
 * The archive host: one archive folder and at most one unlocked session. Electron's main
 * process and the browser-mode server each own one and pass every contract call to
 * `invoke`, so both carry exactly the same operations with the same checks. Operations
 * declared `public` run here (there is no session yet); all others run in the session.
 */
import { contract, isOperationName } from '../shared/contract.js';
import type { ArchiveStatus, Place, PublicOperation, SessionUser } from '../shared/contract.js';
import { DossierError } from '../shared/errors.js';
import { archiveExists, createArchive, openArchive, parseInput, resetPasswordWithRecovery } from './archive.js';
import type { ArchiveOptions, ArchiveSession, RekeyStep } from './archive.js';
import type { Job } from '../shared/ops/jobs.js';
import { fillDemoArchive } from './demo.js';
import { handlers } from './handlers/index.js';
import type { HostContext } from './handlers/index.js';
import type { PublicHandler } from './handlers/kit.js';
import type { JobListener } from './jobs.js';
import { readSettings } from './records/settings.js';
import { SignInThrottle } from './throttle.js';
import { closeUploads, uploadsFor } from './streams/uploads.js';
import { coolDown, warmUp } from './workers/pool.js';
import type { UploadStore } from './streams/uploads.js';

// What a transport needs besides the host: an upload refused for its size, and calls that consume their upload.
export { invokeConsuming, UploadTooLargeError } from './streams/uploads.js';
// The scan routes' answers, shared by browser mode's server and Electron's engine process.
export { scanReply, scanUploadPrecheck, scanUploadReply } from './streams/scanRoutes.js';
export type { ByteReply } from './streams/scanRoutes.js';
export { pageReply } from './streams/pages.js';

const REKEY_STEPS: RekeyStep[] = ['pendingHeader', 'signed', 'copied', 'rekeyed'];
/** How long a finished rekey's outcome (the new recovery key) waits to be fetched. */
const REKEY_OUTCOME_MS = 10 * 60_000;

/** Told when the session ends (locked, replaced, or the host closes). */
export type SessionEndListener = () => void;

export class ArchiveHost implements HostContext {
  private session: ArchiveSession | null = null;
  private readonly throttle: SignInThrottle;
  private readonly jobListeners = new Set<JobListener>();
  private readonly endListeners = new Set<SessionEndListener>();
  private unsubscribeJobs: (() => void) | null = null;
  /** Where each user's interface last was, by user id: in memory only, gone when the application quits. */
  private readonly places = new Map<string, Place>();
  /** The last rekey: its job while it runs, its end until fetched once (archive.rekeyOutcome) or expired. */
  private rekeyJob: { id: string; session: ArchiveSession; ended: Job | null; until: number } | null = null;

  constructor(
    readonly dir: string,
    private readonly options: ArchiveOptions = {},
  ) {
    this.throttle = new SignInThrottle(options.clock);
  }

  get current(): ArchiveSession | null {
    return this.session;
  }

  status(): ArchiveStatus {
    if (this.session) {
      // A reloaded tab is back where it was, too.
      const place = this.places.get(this.session.user.id);
      return { state: 'unlocked', archiveName: readSettings(this.session.db).archiveName, user: place ? { ...this.session.user, place } : this.session.user };
    }
    return { state: archiveExists(this.dir) ? 'locked' : 'missing', archiveName: null, user: null };
  }

  async create(input: Parameters<HostContext['create']>[0]): Promise<SessionUser & { recoveryKey: string }> {
    const session = await createArchive(this.dir, { ...input.admin, archiveName: input.archiveName }, this.options);
    this.replaceSession(session);
    if (input.demo) await fillDemoArchive(session);
    return { ...session.user, recoveryKey: session.recoveryKey ?? '' };
  }

  async unlock(username: string, password: string): Promise<SessionUser> {
    // One source: everything reaching this host comes through its one transport on this computer.
    const source = 'local';
    this.throttle.check(username, source);
    const pending = this.throttle.takePending();
    let session: ArchiveSession;
    try {
      session = await openArchive(this.dir, username, password, this.options, pending);
    } catch (err) {
      this.throttle.restore(pending);
      if (err instanceof DossierError && err.code === 'auth.wrongPassword') this.throttle.failed(username, source);
      throw err;
    }
    this.throttle.succeeded(username, source);
    this.replaceSession(session);
    const place = this.places.get(session.user.id);
    const user = place ? { ...session.user, place } : session.user;
    return session.user.role === 'admin'
      ? { ...user, failedSignIns: session.failedSignInsSincePreviousUnlock(), authorityProblems: session.authorityProblemsSincePreviousUnlock() }
      : user;
  }

  lock(): void {
    this.replaceSession(null);
  }

  /**
   * The sign-in screen's "forgot password": the recovery key gives an administrator a new
   * password. A session open here ends first (as a sign-in would replace it). Wrong keys are
   * throttled per user name like passwords and audited with the next sign-in (source `recovery`).
   */
  async recover(input: { recoveryKey: string; username: string; newPassword: string }): Promise<{ username: string; rebuiltAuthority: boolean }> {
    const source = 'recovery';
    this.throttle.check(input.username, source);
    this.replaceSession(null);
    try {
      const result = await resetPasswordWithRecovery(this.dir, input.recoveryKey, input.username, input.newPassword, this.options);
      this.throttle.succeeded(input.username, source);
      return result;
    } catch (err) {
      if (err instanceof DossierError && err.code === 'recovery.wrongKey') this.throttle.failed(input.username, source);
      throw err;
    }
  }

  /**
   * A rekey from the application: an administrator's session runs it as a job (progress per
   * step; it cannot be cancelled half-way). The new recovery key is the job's result, told to
   * the job's listeners before the host locks: the old keys opened the session, which ends.
   */
  rekey(): Job {
    const session = this.session;
    if (!session) throw new DossierError('archive.locked');
    if (session.user.role !== 'admin') throw new DossierError('auth.forbidden', { capability: 'users.manage' });
    const job = session.jobs.start(
      'archive.rekey',
      async (control) => {
        control.progress('write', 0, REKEY_STEPS.length);
        return session.rekey((step) => control.progress('write', REKEY_STEPS.indexOf(step) + 1, REKEY_STEPS.length));
      },
      { uncancellable: true },
    );
    this.rekeyJob = { id: job.id, session, ended: null, until: Infinity };
    void session.jobs.settled(job.id).then((ended) => {
      if (this.rekeyJob?.id === ended.id) this.rekeyJob = { ...this.rekeyJob, ended, until: Date.now() + REKEY_OUTCOME_MS };
      if (this.session === session && session.isClosed) this.replaceSession(null);
    });
    return job;
  }

  /** The rekey job by its id: running, or its end handed out once; null for any other id, once fetched, or after ten minutes. */
  rekeyOutcome(jobId: string): Job | null {
    const known = this.rekeyJob;
    if (!known || known.id !== jobId || Date.now() > known.until) return null;
    if (!known.ended) return known.session.jobs.get(jobId);
    this.rekeyJob = null;
    return known.ended;
  }

  /** Where the signed-in user's interface is now; handed back to them at their next unlock here. */
  remember(place: Place): void {
    if (!this.session) throw new DossierError('archive.locked');
    this.places.set(this.session.user.id, place);
  }

  /**
   * Every job event of the current session, whichever session that is: a transport
   * subscribes once and keeps its subscription across lock and unlock.
   */
  onJobEvent(listener: JobListener): () => void {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  onSessionEnd(listener: SessionEndListener): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** The current session's uploads (files streamed in before an operation reads them). */
  uploads(): UploadStore {
    if (!this.session) throw new DossierError('archive.locked');
    return uploadsFor(this.session);
  }

  private replaceSession(next: ArchiveSession | null): void {
    const previous = this.session;
    this.unsubscribeJobs?.();
    this.unsubscribeJobs = null;
    if (previous) {
      closeUploads(previous);
      previous.close();
    }
    this.session = next;
    // The first print of a session should not wait for a thread and the fonts: warm one now, in the background.
    if (next) void warmUp();
    else if (previous) coolDown();
    if (next) {
      this.unsubscribeJobs = next.jobs.on((job) => {
        for (const listener of this.jobListeners) listener(job);
      });
    }
    if (previous) for (const listener of this.endListeners) listener();
  }

  async invoke(operation: string, rawInput: unknown): Promise<unknown> {
    if (!isOperationName(operation)) throw new DossierError('transport.unknownOperation', { operation });
    const definition = contract[operation];
    if (definition.access !== 'public') {
      if (!this.session) throw new DossierError('archive.locked');
      return this.session.invoke(operation, rawInput);
    }
    const handler = handlers[operation as PublicOperation] as PublicHandler<PublicOperation>;
    return definition.output.parse(await handler(this, parseInput(operation, rawInput) as never));
  }

  close(): void {
    this.replaceSession(null);
  }
}

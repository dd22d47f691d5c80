/**
 * The archive host: one archive folder and at most one unlocked session. Electron's main
 * process and the browser-mode server each own one and pass every contract call to
 * `invoke`, so both carry exactly the same operations with the same checks.
 */
import { contract, isOperationName } from '../shared/contract.js';
import type { ArchiveStatus, OperationName, SessionUser } from '../shared/contract.js';
import { DossierError } from '../shared/errors.js';
import { archiveExists, createArchive, openArchive, parseInput } from './archive.js';
import type { ArchiveOptions, ArchiveSession } from './archive.js';
import { fillDemoArchive } from './demo.js';
import { readSettings } from './services/settings.js';

export class ArchiveHost {
  private session: ArchiveSession | null = null;

  constructor(
    readonly dir: string,
    private readonly options: ArchiveOptions = {},
  ) {}

  get current(): ArchiveSession | null {
    return this.session;
  }

  status(): ArchiveStatus {
    if (this.session) {
      return { state: 'unlocked', archiveName: readSettings(this.session.db).archiveName, user: this.session.user };
    }
    return { state: archiveExists(this.dir) ? 'locked' : 'missing', archiveName: null, user: null };
  }

  private replaceSession(next: ArchiveSession | null): void {
    this.session?.close();
    this.session = next;
  }

  async invoke(operation: string, rawInput: unknown): Promise<unknown> {
    if (!isOperationName(operation)) throw new DossierError('transport.unknownOperation', { operation });
    if (contract[operation].access !== 'public') {
      if (!this.session) throw new DossierError('archive.locked');
      return this.session.invoke(operation, rawInput);
    }
    return this.invokePublic(operation, rawInput);
  }

  private async invokePublic(operation: OperationName, rawInput: unknown): Promise<unknown> {
    switch (operation) {
      case 'archive.status':
        return this.status();
      case 'archive.create': {
        const input = parseInput('archive.create', rawInput);
        const session = await createArchive(this.dir, { ...input.admin, archiveName: input.archiveName }, this.options);
        this.replaceSession(session);
        if (input.demo) await fillDemoArchive(session);
        return session.user satisfies SessionUser;
      }
      case 'session.unlock': {
        const input = parseInput('session.unlock', rawInput);
        const session = await openArchive(this.dir, input.username, input.password, this.options);
        this.replaceSession(session);
        return session.user;
      }
      case 'session.lock':
        this.replaceSession(null);
        return { ok: true };
      default:
        throw new DossierError('transport.unknownOperation', { operation });
    }
  }

  close(): void {
    this.replaceSession(null);
  }
}

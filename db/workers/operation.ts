/**
 * Runs the transaction of a long operation (a spreadsheet import) in a worker thread, on a
 * connection of its own: the engine thread keeps answering searches meanwhile (WAL readers
 * see the last committed state), the audit rule holds as on the engine thread, and a cancel
 * checked between records rolls the whole transaction back.
 */
import type { SessionOperation } from '../../shared/contract.js';
import { DossierError } from '../../shared/errors.js';
import { auditedWrite } from '../auditRule.js';
import { openEncryptedDatabase } from '../connection.js';
import { OperationContext } from '../context.js';
import { signWith } from '../keys.js';
import type { SessionJobs } from '../context.js';
import { handlers } from '../handlers/index.js';
import type { JobControl, StagedHandler } from '../handlers/kit.js';
import type { OperationRunArgs, TaskContext } from './protocol.js';

const noJobs: SessionJobs = {
  start: () => {
    throw new DossierError('internal', {}, 'no jobs inside a worker');
  },
  list: () => [],
  get: () => {
    throw new DossierError('job.notFound');
  },
  cancel: () => {
    throw new DossierError('job.notFound');
  },
};

export const operationTasks = {
  async 'operation.run'(args: OperationRunArgs, task: TaskContext): Promise<unknown> {
    const key = Buffer.from(args.key);
    const db = openEncryptedDatabase(args.dbFile, key, { create: false });
    key.fill(0);
    db.content.archiveId = args.archiveId ?? null;
    db.content.setLevelKeys(new Map((args.levelKeys ?? []).map((l) => [l.level, Buffer.from(l.key)])));
    for (const f of args.fileKeys ?? []) {
      const [fileId, gen] = f.id.split(':');
      db.content.remember(fileId!, Number(gen), Buffer.from(f.key));
    }
    try {
      const ctx = new OperationContext(db, args.user, () => new Date(args.now), noJobs);
      if (args.signing) {
        const seed = Buffer.from(args.signing.seed);
        ctx.signer = { keyId: args.signing.keyId, sign: (message) => signWith(seed, message) };
      }
      const control: JobControl = {
        signal: new AbortController().signal,
        progress: (phase, done, total) => task.progress(phase, done, total),
        checkCancelled: () => {
          if (task.cancelled()) throw new DossierError('job.cancelled');
        },
      };
      const entry = handlers[args.operation] as StagedHandler<SessionOperation, unknown, unknown>;
      const prepared = entry.prepareInWorker ? await entry.prepareInWorker(args.prepared, args.input as never, control) : args.prepared;
      control.checkCancelled();
      const run = () => entry.run(ctx, args.input as never, prepared, control);
      return args.write ? db.transaction(() => auditedWrite(db, args.write === 'bulk', run)) : run();
    } finally {
      db.close();
    }
  },
};

export type OperationTaskName = keyof typeof operationTasks;

/**
 * Every failure a user can cause is a DossierError: a stable code that is also
 * the i18n message key (`errors.<code>`), plus parameters for the message.
 * Codes cross process boundaries as plain JSON ({ code, params }).
 */
export const ERROR_CODES = [
  'validation',
  'archive.missing',
  'archive.exists',
  'archive.locked',
  'archive.corrupt',
  'archive.inUse',
  'archive.folderNotEmpty',
  'archive.busy',
  'archive.unsupportedVersion',
  'auth.wrongPassword',
  'auth.throttled',
  'auth.unknownUser',
  'auth.userDisabled',
  'auth.forbidden',
  'auth.weakPassword',
  'auth.blankPassword',
  'auth.passwordIsUsername',
  'auth.authorityInvalid',
  'auth.authorityUntrusted',
  'recovery.none',
  'recovery.wrongKey',
  'recovery.notAdmin',
  'archive.legacySlots',
  'user.duplicate',
  'user.notFound',
  'user.lastAdmin',
  'user.self',
  'user.noChanges',
  'grant.notFound',
  'grant.notNeeded',
  'grant.untilPast',
  'grant.userInactive',
  'client.notFound',
  'client.duplicateCreditCode',
  'client.badCreditCode',
  'client.noChanges',
  'client.badTransition',
  'client.terminationKindRequired',
  'client.terminatedInFuture',
  'client.reactivationAdminOnly',
  'client.contactNotFound',
  'client.sameManager',
  'client.managerHasNoClients',
  'client.leaverHasOpenLoans',
  'classification.notFound',
  'classification.inactive',
  'classification.duplicateCode',
  'file.notFound',
  'file.notVisible',
  'file.badPattern',
  'loan.alreadyOnLoan',
  'loan.notOnLoan',
  'loan.dueInPast',
  'loan.dueTooLate',
  'loan.badDate',
  'loan.borrowerIsArchiveNo',
  'person.notFound',
  'person.duplicateNumber',
  'person.numberIsArchiveNo',
  'person.noChanges',
  'person.notStaff',
  'person.userLinked',
  'department.notFound',
  'department.duplicate',
  'department.noChanges',
  'department.headCannotApprove',
  'person.inactive',
  'application.notFound',
  'report.badPeriod',
  'client.leaverNotStaff',
  'application.notYourself',
  'application.paperInFuture',
  'application.letterRequired',
  'application.periodInPast',
  'application.badPeriod',
  'application.itemNotInFile',
  'application.noDepartment',
  'application.noRoute',
  'application.noDepartmentHead',
  'application.notPending',
  'approval.notYours',
  'approval.ownApplication',
  'approval.alreadyDecided',
  'approval.reasonRequired',
  'approval.badRules',
  'loan.noApplication',
  'loan.applicationPending',
  'loan.applicationNotForThis',
  'loan.applicationUsed',
  'loan.applicationNotApproved',
  'loan.applicationIsForReading',
  'loan.applicationOutsidePeriod',
  'reading.notReading',
  'reading.cannotRenew',
  'history.reasonRequired',
  'fileType.notFound',
  'fileType.inactive',
  'fileType.duplicateCode',
  'fileType.badChecklist',
  'file.duplicateArchiveNo',
  'file.volumeOfVolume',
  'file.clientMismatch',
  'file.aboveClearance',
  'file.noChanges',
  'item.notFound',
  'item.sealed',
  'item.superseded',
  'item.sealedPlace',
  'item.notSealed',
  'item.nothingToSeal',
  'item.badKind',
  'item.noChanges',
  'location.notFound',
  'location.badNesting',
  'location.duplicateCode',
  'location.fixedPlace',
  'location.capacityBelowCount',
  'location.notEmpty',
  'location.notForFiles',
  'location.full',
  'location.sameLocation',
  'handovers.unknownEventKind',
  'handovers.subjectRequired',
  'handovers.fileClientMismatch',
  'handovers.receivedBeforeEvent',
  'handovers.dateInFuture',
  'handovers.itemNeedsFile',
  'handovers.itemNotInFile',
  'calendar.badDate',
  'calendar.notFound',
  'print.badPeriod',
  'print.notOverdue',
  'labels.layoutNotFound',
  'labels.duplicateLayout',
  'labels.builtinLayout',
  'labels.layoutTooSmall',
  'labels.layoutPitch',
  'labels.layoutOverflow',
  'labels.offsetTooLarge',
  'labels.offsetOffPage',
  'labels.nothingSelected',
  'labels.noLabels',
  'import.tooLarge',
  'import.tooComplex',
  'import.tooManyRows',
  'job.cancelled',
  'job.notFound',
  'import.unsupportedFormat',
  'import.unreadable',
  'import.noHeader',
  'import.missingColumn',
  'import.duplicateColumn',
  'import.badMapping',
  'import.rejected',
  'import.required',
  'import.tooLong',
  'import.invalid',
  'import.duplicateInFile',
  'import.unknownValue',
  'import.badDate',
  'import.badConfidentiality',
  'import.badRetention',
  'import.badCount',
  'import.unknownClient',
  'import.ambiguousClient',
  'import.clientMismatch',
  'import.extraCells',
  'import.inconsistentFile',
  'import.itemWithoutTitle',
  'import.fileHasBadRows',
  'import.formulaError',
  'import.formulaNoResult',
  'import.creditCodeIsNumber',
  'import.invisibleCharacter',
  'import.numberNotDate',
  'import.ambiguousYearMonth',
  'import.partialDate',
  'import.implausibleDate',
  'import.duplicateName',
  'import.duplicateFile',
  'import.badValueChoice',
  'import.cannotAddValue',
  'import.badStatus',
  'import.badTerminationKind',
  'import.noSheet',
  'audit.anchorInvalid',
  'audit.anchorMistyped',
  'transport.unauthorized',
  'transport.unknownOperation',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
export type ErrorParams = Record<string, string | number>;

export class DossierError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}, message?: string) {
    super(message ?? `${code}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`);
    this.name = 'DossierError';
    this.code = code;
    this.params = params;
  }

  toJSON(): SerializedError {
    return { code: this.code, params: this.params };
  }
}

export interface SerializedError {
  code: ErrorCode;
  params: ErrorParams;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into the wire form; unknown errors never leak internals. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof DossierError) return err.toJSON();
  return { code: 'internal', params: {} };
}

export function deserializeError(value: unknown): DossierError {
  if (value && typeof value === 'object' && isErrorCode((value as SerializedError).code)) {
    const { code, params } = value as SerializedError;
    return new DossierError(code, params && typeof params === 'object' ? params : {});
  }
  return new DossierError('internal');
}

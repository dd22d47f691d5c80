/** Small pure rules the screens share (tested in node). */
import { contract } from '../../shared/contract.js';
import type { OperationName } from '../../shared/contract.js';
import type { Role } from '../../shared/domain/enums.js';
import { roleCan } from '../../shared/domain/permissions.js';

/** Whether a role may call an operation (the engine checks again; the UI only hides what would be refused). */
export function roleMayCall(role: Role | undefined, operation: OperationName): boolean {
  if (!role) return false;
  return roleCan(role, contract[operation].capability);
}

/** Mirrors the engine's rule (db/archive.ts MIN_PASSWORD_LENGTH); the engine checks again. */
export const MIN_PASSWORD_LENGTH = 8;

/** Inline problems of the first-run password pair (nothing is flagged before it is typed). */
export function passwordProblems(password: string, repeat: string): { tooShort: boolean; mismatch: boolean } {
  return {
    tooShort: password.length > 0 && [...password].length < MIN_PASSWORD_LENGTH,
    mismatch: repeat.length > 0 && password !== repeat,
  };
}

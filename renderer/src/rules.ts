/** Small pure rules the screens share (tested in node). */
import { contract } from '../../shared/contract.js';
import type { OperationName } from '../../shared/contract.js';
import type { Role } from '../../shared/domain/enums.js';
import { passwordTooShort } from '../../shared/domain/passwords.js';
import { roleCan } from '../../shared/domain/permissions.js';

/** Whether a role may call an operation (the engine checks again; the UI only hides what would be refused). */
export function roleMayCall(role: Role | undefined, operation: OperationName): boolean {
  if (!role) return false;
  return roleCan(role, contract[operation].capability);
}

/** Inline problems of a new password and its repetition (nothing is flagged before it is typed). */
export function passwordProblems(password: string, repeat: string): { tooShort: boolean; mismatch: boolean } {
  return {
    tooShort: password.length > 0 && passwordTooShort(password),
    mismatch: repeat.length > 0 && password !== repeat,
  };
}

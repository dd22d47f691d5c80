/** Reads a password from an environment variable (DOSSIER_PASSWORD), or prompts without echo on a terminal. */
import { stdin, stderr } from 'node:process';

export class NoPasswordError extends Error {
  constructor(readonly variable = 'DOSSIER_PASSWORD') {
    super(`no ${variable}`);
  }
}

export class PasswordMismatchError extends Error {}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          cleanup();
          stderr.write('\n');
          return resolve(value);
        }
        if (ch === '\u0003') {
          cleanup();
          stderr.write('\n');
          return reject(new NoPasswordError());
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    const cleanup = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    stdin.on('data', onData);
  });
}

/** True when readPassword can get a password without failing (set variable or a terminal). */
export function passwordAvailable(variable = 'DOSSIER_PASSWORD'): boolean {
  return Boolean(process.env[variable]) || Boolean(stdin.isTTY);
}

export async function readPassword(prompt: string, repeatPrompt?: string, mismatch?: string, variable = 'DOSSIER_PASSWORD'): Promise<string> {
  const fromEnv = process.env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!stdin.isTTY) throw new NoPasswordError(variable);
  const first = await promptHidden(prompt);
  if (repeatPrompt) {
    const second = await promptHidden(repeatPrompt);
    if (first !== second) throw new PasswordMismatchError(mismatch);
  }
  return first;
}

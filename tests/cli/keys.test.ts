/** `dossier init` shows the recovery key once; `dossier recovery reset-password` and `dossier rekey`, as an administrator types them. */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { dossier, json, jsonError } from './dossier.js';

const KEY = /^([A-Z2-9]{5}-){7}[A-Z2-9]{5}$/;

describe('the recovery key and rekey on the command line', { timeout: 240_000 }, () => {
  it('init prints the key once (text, QR code), it resets the password, rekey replaces it', () => {
    const dir = tempDir();
    const archive = path.join(dir, 'archive');
    const admin = ['--archive', archive, '--user', 'admin'];
    const qr = path.join(dir, 'recovery.svg');
    const init = dossier(['init', ...admin, '--recovery-qr', qr]);
    expect(init.code).toBe(0);
    const printed = /\n {2}([A-Z2-9-]{47})\n/.exec(init.stdout)?.[1];
    expect(printed).toMatch(KEY);
    expect(readFileSync(qr, 'utf8')).toMatch(/^<svg/);
    expect(execFileSync('zbarimg', ['-q', '--raw', qr], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()).toBe(printed);
    expect(dossier(['init', '--archive', path.join(dir, 'b'), '--user', 'admin', '--recovery-qr', 'x.png']).code).toBe(2);

    const recovery = (key: string, username = 'admin') =>
      dossier(['recovery', 'reset-password', '--archive', archive, '--key', key, '--username', username, '--json'], { DOSSIER_NEW_PASSWORD: 'recovered pass 1' });
    expect(jsonError(recovery('AAAAA-AAAAA')).code).toBe('recovery.wrongKey');
    const reset = recovery(printed!);
    expect(reset.code).toBe(0);
    expect(JSON.parse(reset.stdout)).toEqual({ ok: true, username: 'admin', rebuiltAuthority: false });
    expect(jsonError(dossier(['audit', ...admin, '--json'])).code).toBe('auth.wrongPassword');
    const withNew = { DOSSIER_PASSWORD: 'recovered pass 1' };

    const rekeyed = json<{ ok: true; recoveryKey: string }>(['rekey', ...admin], withNew);
    expect(rekeyed.recoveryKey).toMatch(KEY);
    expect(rekeyed.recoveryKey).not.toBe(printed);
    expect(jsonError(recovery(printed!)).code).toBe('recovery.wrongKey');
    const audit = json<{ action: string }[]>(['audit', ...admin], withNew);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['archive.create', 'recovery.resetPassword', 'archive.rekey']));
    expect(recovery(rekeyed.recoveryKey).code).toBe(0);
  });
});

/**
 * The archive's keys on the command line: the recovery key as `dossier init` shows it (text
 * in groups, optionally a QR code as SVG to print), `dossier recovery reset-password` and
 * `dossier rekey`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import bwipjs from 'bwip-js/node';
import { resetPasswordWithRecovery } from '../db/archive.js';
import type { Language } from '../shared/i18n/index.js';
import { UsageError, withSession } from './command.js';
import type { Command, CommandContext } from './command.js';
import { fill } from './messages.js';
import { readPassword } from './password.js';

const NEW_PASSWORD = 'DOSSIER_NEW_PASSWORD';

const words = {
  'zh-CN': {
    recoveryTitle: '恢复密钥（只显示这一次，请打印或抄写后锁入保险柜）：',
    recoveryUse: '凭此密钥可打开档案库并重置管理员密码：dossier recovery reset-password --archive 目录 --key 密钥 --username 用户名',
    recoveryQr: '恢复密钥的二维码已写入：{{file}}（打印后请删除此文件）',
    recoveryReset: '已用恢复密钥重置 {{username}} 的密码。',
    recoveryRebuilt: '档案库中的权限签名已无法验证，已按当前用户名单重新签名，请核对用户及其角色。',
    rekeyed: '已更换档案库的全部密钥；旧密钥与旧恢复密钥从此失效。',
    newPasswordPrompt: '新密码：',
    newPasswordRepeat: '再次输入新密码：',
    passwordMismatch: '两次输入的密码不一致。',
    qrNotSvg: '--recovery-qr 需要 .svg 文件名。',
  },
  en: {
    recoveryTitle: 'Recovery key (shown this once: print it or write it down and keep it in the safe):',
    recoveryUse: 'It opens the archive and resets an administrator password: dossier recovery reset-password --archive DIR --key KEY --username NAME',
    recoveryQr: 'QR code of the recovery key written to {{file}} (delete the file once printed)',
    recoveryReset: 'Password of {{username}} reset with the recovery key.',
    recoveryRebuilt: 'The signed authority no longer verified; it was signed again from the current user list: check the users and their roles.',
    rekeyed: 'Every key of the archive was renewed; the old keys and the old recovery key no longer work.',
    newPasswordPrompt: 'New password: ',
    newPasswordRepeat: 'New password again: ',
    passwordMismatch: 'The passwords do not match.',
    qrNotSvg: '--recovery-qr needs a .svg file name.',
  },
} satisfies Record<Language, Record<string, string>>;

/** The QR code of a recovery key as SVG (bwip-js, the barcode library the printouts use). */
export function recoveryQrSvg(recoveryKey: string): string {
  return bwipjs.toSVG({ bcid: 'qrcode', text: recoveryKey, eclevel: 'M', scale: 4, paddingwidth: 4, paddingheight: 4 } as Parameters<typeof bwipjs.toSVG>[0]);
}

/** Prints a recovery key once, and writes its QR code when asked; the JSON output carries it as `recoveryKey`. */
export function showRecoveryKey(ctx: CommandContext, recoveryKey: string): void {
  const w = words[ctx.language];
  ctx.print(w.recoveryTitle);
  ctx.print(`  ${recoveryKey}`);
  ctx.print(w.recoveryUse);
  const qr = ctx.optional('recovery-qr');
  if (qr) {
    const file = path.resolve(qr);
    writeFileSync(file, recoveryQrSvg(recoveryKey), { mode: 0o600 });
    ctx.print(fill(w.recoveryQr, { file }));
  }
}

export const recoveryQrOption = { 'recovery-qr': { type: 'string' } } as const;

function checkQrOption(ctx: CommandContext): void {
  const qr = ctx.optional('recovery-qr');
  if (qr !== undefined && !qr.toLowerCase().endsWith('.svg')) throw new UsageError(words[ctx.language].qrNotSvg);
}

export const keyCommands: Record<string, Command> = {
  'recovery reset-password': {
    options: { key: { type: 'string' }, username: { type: 'string' } },
    async run(ctx) {
      const w = words[ctx.language];
      const dir = path.resolve(ctx.text('archive'));
      const key = ctx.text('key');
      const username = ctx.text('username');
      const password = await readPassword(w.newPasswordPrompt, w.newPasswordRepeat, w.passwordMismatch, NEW_PASSWORD);
      const result = await resetPasswordWithRecovery(dir, key, username, password, { program: ctx.m.program });
      ctx.print(fill(w.recoveryReset, { username: result.username }));
      if (result.rebuiltAuthority) ctx.print(w.recoveryRebuilt);
      return { ok: true, ...result };
    },
  },
  rekey: {
    options: { ...recoveryQrOption },
    run(ctx) {
      checkQrOption(ctx);
      return withSession(ctx, async (session) => {
        const { recoveryKey } = await session.rekey();
        ctx.print(words[ctx.language].rekeyed);
        showRecoveryKey(ctx, recoveryKey);
        return { ok: true, archiveId: session.archiveId, recoveryKey };
      });
    },
  },
};

export { checkQrOption };

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/archive.js';
import { OPERATION_NAMES } from '../../shared/contract.js';
import type { ArchiveStatus, Client, FileRecord, OpOutput } from '../../shared/contract.js';
import { tempDir } from '../helpers.js';
import { dossier, json, jsonError, PASSWORD } from './dossier.js';

function newArchive() {
  const dir = tempDir();
  const archive = path.join(dir, 'archive');
  const common = ['--archive', archive, '--user', 'admin'];
  expect(dossier(['init', ...common]).code).toBe(0);
  return { dir, archive, common };
}

interface Schema {
  $schema?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
}

describe('dossier ops', () => {
  it('lists every contract operation with its access, capability and JSON Schemas, without an archive', () => {
    const ops = json<{ name: string; access: string; capability: string | null; write: boolean | 'bulk'; input: Schema; output: Schema }[]>(['ops']);
    expect(ops.map((o) => o.name)).toEqual(OPERATION_NAMES);
    for (const o of ops) {
      expect(o.input.$schema).toMatch(/json-schema/);
      expect(o.output.$schema).toMatch(/json-schema/);
    }
    const byName = Object.fromEntries(ops.map((o) => [o.name, o]));
    expect(byName['archive.status']).toMatchObject({ access: 'public', capability: null, write: false });
    expect(byName['users.create']).toMatchObject({ access: 'keys', capability: 'users.manage', write: true });
    expect(byName['clients.create']!.input.required).toContain('name');
    expect(byName['clients.create']!.input.properties?.name?.type).toBe('string');
    expect(byName['clients.list']!.output.properties?.rows?.type).toBe('array');

    const table = dossier(['ops', '--lang', 'zh-CN']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('所需权限');
    expect(table.stdout).toMatch(/clients\.create\s+session\s+clients\.write/);
  });
});

describe('dossier call', { timeout: 120_000 }, () => {
  it('runs any operation as --user with input inline or from a file and prints its output as JSON', () => {
    const { dir, archive, common } = newArchive();
    const created = dossier(['call', 'clients.create', ...common, '--input', '{"name": "南京瑞丰商混有限公司", "category": "搅拌站"}']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const client = JSON.parse(created.stdout) as Client;
    expect(client).toMatchObject({ name: '南京瑞丰商混有限公司', category: '搅拌站' });

    const inputFile = path.join(dir, 'get.json');
    writeFileSync(inputFile, '\ufeff' + JSON.stringify({ id: client.id }));
    const detail = json(['call', 'clients.get', ...common, '--input', `@${inputFile}`]);
    expect(detail).toMatchObject({ id: client.id, name: '南京瑞丰商混有限公司' });

    // No --input: the operation's defaults.
    expect(json<OpOutput<'clients.list'>>(['call', 'clients.list', ...common]).rows.map((r) => r.id)).toEqual([client.id]);
    // The status needs no password.
    expect(json(['call', 'archive.status', '--archive', archive], { DOSSIER_PASSWORD: '' })).toMatchObject({ state: 'locked' });
    expect(json(['call', 'archive.status', ...common])).toMatchObject({ state: 'unlocked', user: { username: 'admin' } });

    const audit = json<{ action: string }[]>(['audit', ...common]).map((e) => e.action);
    expect(audit).toContain('clients.create');
  });

  it('refuses mistakes before asking for a password, with the error code in --json', () => {
    const { dir, common } = newArchive();
    const noPassword = { DOSSIER_PASSWORD: '' };

    const unknown = dossier(['call', 'clients.frobnicate', ...common], noPassword);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('Unknown operation: clients.frobnicate');
    const unknownJson = dossier(['call', 'clients.frobnicate', ...common, '--json'], noPassword);
    expect(unknownJson.code).toBe(1);
    expect(jsonError(unknownJson)).toMatchObject({ code: 'transport.unknownOperation', params: { operation: 'clients.frobnicate' } });
    expect(dossier(['call', 'clients.frobnicate', ...common, '--lang', 'zh-CN'], noPassword).stderr).toContain('clients.frobnicate');

    const badJson = dossier(['call', 'clients.create', ...common, '--input', '{name: x}'], noPassword);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain('--input is not valid JSON');

    const missing = path.join(dir, 'missing.json');
    const missingFile = dossier(['call', 'clients.create', ...common, '--input', `@${missing}`], noPassword);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr.trim()).toBe(`Cannot read the file: ${missing}`);

    const init = dossier(['call', 'archive.create', ...common, '--input', '{}'], noPassword);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('dossier init');
    const unlock = dossier(['call', 'session.unlock', ...common], noPassword);
    expect(unlock.code).toBe(2);
    expect(unlock.stderr).toContain('every dossier command unlocks the archive as --user');

    expect(dossier(['call', ...common], noPassword).stderr).toContain('dossier ops');
  });

  it('validates the input against the contract and enforces the role, writing nothing when refused', () => {
    const { common, archive } = newArchive();
    const invalid = dossier(['call', 'clients.create', ...common, '--input', '{"name": ""}', '--json']);
    expect(invalid.code).toBe(1);
    expect(jsonError(invalid)).toMatchObject({ code: 'validation' });
    expect(jsonError(invalid).message).toMatch(/^Invalid input: name/);

    const added = dossier(['user', 'add', ...common, '--username', 'reader', '--display-name', '查阅人', '--role', 'reader'], { DOSSIER_NEW_PASSWORD: 'reader password 1' });
    expect(added.code).toBe(0);
    const asReader = ['--archive', archive, '--user', 'reader'];
    const env = { DOSSIER_PASSWORD: 'reader password 1' };
    const forbidden = dossier(['call', 'clients.create', ...asReader, '--input', '{"name": "某公司"}'], env);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr.trim()).toBe('You are not allowed to do this (clients.write).');
    const forbiddenJson = dossier(['call', 'clients.create', ...asReader, '--input', '{"name": "某公司"}', '--json'], env);
    expect(jsonError(forbiddenJson)).toMatchObject({ code: 'auth.forbidden', params: { capability: 'clients.write' } });
    expect(json<OpOutput<'clients.list'>>(['call', 'clients.list', ...asReader], env).total).toBe(0);
    // A key-slot operation runs through call too, for the signed-in user.
    expect(
      json(['call', 'session.changePassword', ...asReader, '--input', JSON.stringify({ currentPassword: 'reader password 1', newPassword: 'reader password 2' })], env),
    ).toEqual({ ok: true });
    expect(dossier(['client', 'list', ...asReader], env).stderr.trim()).toBe('Wrong user name or password.');
    expect(dossier(['client', 'list', ...asReader], { DOSSIER_PASSWORD: 'reader password 2' }).code).toBe(0);
  });
});

describe('an archive open elsewhere', { timeout: 120_000 }, () => {
  it('is refused with who holds it, and usable again once they close it', async () => {
    const { archive, common } = newArchive();
    const elsewhere = await openArchive(archive, 'admin', PASSWORD, { program: 'Dossier' });
    try {
      const refused = dossier(['client', 'list', ...common, '--json']);
      expect(refused.code).toBe(1);
      expect(jsonError(refused)).toMatchObject({ code: 'archive.inUse', params: { program: 'Dossier' } });
      expect(jsonError(refused).message).toMatch(/^The archive is open in Dossier \(user /);
    } finally {
      elsewhere.close();
    }
    expect(dossier(['client', 'list', ...common]).code).toBe(0);
  });
});

describe('dossier search', { timeout: 120_000 }, () => {
  it('searches clients, files and items like the search box, Traditional characters included', () => {
    const { common } = newArchive();
    const client = json<Client>(['client', 'add', ...common, '--name', '南京瑞丰商混有限公司']);
    json(['client', 'add', ...common, '--name', '杭州宏远建工集团']);
    const file = json<FileRecord>(['file', 'add', ...common, '--client', client.id, '--title', '瑞丰合同']);

    const found = json<OpOutput<'search.query'>>(['search', '瑞豐', ...common]);
    expect(found.hits.map((h) => `${h.kind} ${h.label}`).sort()).toEqual(['client 南京瑞丰商混有限公司', `file 瑞丰合同`]);
    const clientsOnly = json<OpOutput<'search.query'>>(['search', '瑞丰', ...common, '--kind', 'client', '--limit', '5']);
    expect(clientsOnly.hits.map((h) => h.id)).toEqual([client.id]);

    const table = dossier(['search', '瑞丰', ...common, '--kind', 'file', '--lang', 'zh-CN']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(file.archiveNo);
    expect(table.stdout).toContain('档案');

    expect(dossier(['search', '瑞丰', ...common, '--kind', 'person']).stderr).toContain('Invalid kind "person"');
    expect(dossier(['search', '瑞丰', ...common, '--limit', 'many']).code).toBe(2);
    expect(dossier(['search', ...common]).stderr).toContain('Give the text to search for');
  });
});

describe('dossier user', { timeout: 120_000 }, () => {
  it('adds users with a role, department and clearance, lists them, and the new user can sign in', () => {
    const { archive, common } = newArchive();
    const user = json(['user', 'add', ...common, '--username', 'wangfang', '--display-name', '王芳', '--role', 'clerk', '--department', '销售部', '--clearance', '秘密'], {
      DOSSIER_NEW_PASSWORD: 'clerk password 1',
    });
    expect(user).toMatchObject({ username: 'wangfang', displayName: '王芳', role: 'clerk', department: '销售部', clearance: 'restricted' });

    const users = json<{ username: string; active: boolean }[]>(['user', 'list', ...common]);
    expect(users.map((u) => u.username).sort()).toEqual(['admin', 'wangfang']);
    const table = dossier(['user', 'list', ...common, '--lang', 'zh-CN']);
    expect(table.stdout).toMatch(/wangfang\s+王芳\s+档案管理员\s+销售部\s+秘密\s+启用/);

    const asClerk = json<ArchiveStatus>(['call', 'archive.status', '--archive', archive, '--user', 'wangfang'], { DOSSIER_PASSWORD: 'clerk password 1' });
    expect(asClerk.user).toMatchObject({ username: 'wangfang', role: 'clerk' });

    // The new key slot is in the header; the password itself is nowhere in the folder.
    for (const name of readdirSync(archive)) {
      if (name === 'blobs') continue;
      expect(readFileSync(path.join(archive, name)).includes(Buffer.from('clerk password 1'))).toBe(false);
    }
  });

  it('explains what is missing or wrong', () => {
    const { common } = newArchive();
    const base = ['user', 'add', ...common, '--username', 'lisi', '--display-name', '李四'];
    const noPassword = dossier([...base, '--role', 'clerk']);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('DOSSIER_NEW_PASSWORD');
    expect(dossier([...base, '--role', 'boss'], { DOSSIER_NEW_PASSWORD: 'clerk password 1' }).stderr).toContain('Invalid role "boss"');
    expect(dossier(base, { DOSSIER_NEW_PASSWORD: 'clerk password 1' }).stderr).toContain('Missing option --role');
    const weak = dossier([...base, '--role', 'clerk'], { DOSSIER_NEW_PASSWORD: 'abc' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/The password needs at least \d+ characters/);
    const taken = dossier(['user', 'add', ...common, '--username', 'admin', '--display-name', 'x', '--role', 'clerk', '--json'], { DOSSIER_NEW_PASSWORD: 'clerk password 1' });
    expect(taken.code).toBe(1);
    expect(jsonError(taken)).toMatchObject({ code: 'user.duplicate', message: 'The user name "admin" is taken.' });
  });
});

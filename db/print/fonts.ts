/**
 * The fonts every printed form and label embeds (subset by pdfkit), so a PDF prints the
 * same on an office PC without Chinese fonts: Noto Serif SC (Song style) for formal forms,
 * Noto Sans SC for labels. Resolved from node_modules, so the CLI, browser mode and
 * Electron read the same files.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Inside a packaged app the fonts are unpacked beside app.asar (electron-builder.yml): the
 * engine's worker threads read them from that real path.
 */
function onDisk(file: string): string {
  const unpacked = file.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return unpacked !== file && existsSync(unpacked) ? unpacked : file;
}

export const FONT_FILES = {
  serif: onDisk(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf')),
  serifBold: onDisk(require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf')),
  sans: onDisk(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
  sansBold: onDisk(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
} as const;

export type FontName = keyof typeof FONT_FILES;

/** Millimetres to PDF points (1/72 inch): forms and label sheets are specified in mm. */
export const mm = (value: number): number => (value * 72) / 25.4;

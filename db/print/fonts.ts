/**
 * The fonts every printed form and label embeds (subset by pdfkit), so a PDF prints the
 * same on an office PC without Chinese fonts: Noto Serif SC (Song style) for formal forms,
 * Noto Sans SC for labels. Resolved from node_modules, so the CLI, browser mode and
 * Electron read the same files.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  serif: require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'),
  serifBold: require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'),
  sans: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  sansBold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
} as const;

export type FontName = keyof typeof FONT_FILES;

/** Millimetres to PDF points (1/72 inch): forms and label sheets are specified in mm. */
export const mm = (value: number): number => (value * 72) / 25.4;

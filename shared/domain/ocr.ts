/** The text OCR found on one page of a scan, and how it is compared and searched. */

export interface OcrLine {
  text: string;
  /** The recogniser's mean confidence for the line, 0..1. */
  confidence: number;
  /** x, y, width, height in the page image's pixels (the page as rendered for OCR). */
  box: [number, number, number, number];
}

export interface OcrPageText {
  /** Size of the page image the boxes refer to. */
  width: number;
  height: number;
  lines: OcrLine[];
}

/** Text for comparing OCR output: NFKC (full-width → half-width), no whitespace. */
export function ocrComparable(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** Character accuracy: 1 - edit distance / length of the truth, at least 0. */
export function characterAccuracy(truth: string, read: string): number {
  const t = ocrComparable(truth);
  if (t.length === 0) return read.length === 0 ? 1 : 0;
  return Math.max(0, 1 - editDistance(t, ocrComparable(read)) / [...t].length);
}

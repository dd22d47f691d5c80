/**
 * A QR code encoder (ISO/IEC 18004) for the values labels carry — archive numbers and box
 * codes, upper-case letters, digits and - . / : space — at error correction level M or
 * better, versions 1-10: one numeric or alphanumeric segment, Reed-Solomon blocks, the eight
 * masks scored by the standard's penalty rules.
 *
 * Why not bwip-js here: its PostScript emulation takes about 2 ms a symbol (two thirds of it
 * scoring the masks; 5 ms and more on a busy machine), which made 1,000 QR labels cost 2-5 s
 * before a page was drawn; this takes a few hundredths of a millisecond. bwip-js stays the
 * reference and the fallback: the tests compare these matrices bit for bit with bwip-js's
 * under each of the eight masks (the mask choice itself may differ: both score by the
 * standard's rules, bwip-js with its own reading of the finder-pattern rule), and anything
 * else (lower case, Chinese behind ECI, long values) still goes to bwip-js (barcodes.ts).
 */

export interface QrSymbol {
  version: number;
  level: EcLevel;
  size: number;
  mask: number;
  /** Row-major, 1 = dark. */
  dark: Uint8Array;
}

/** Highest version encoded here; its tables are checked against bwip-js in the tests. */
export const MAX_VERSION = 10;

export type EcLevel = 'M' | 'Q' | 'H';
/** Per level and version (index 0 unused): error correction codewords per block, blocks, and the format bits. */
const LEVELS: Record<EcLevel, { eccPerBlock: number[]; blocks: number[]; formatBits: number }> = {
  M: { eccPerBlock: [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26], blocks: [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5], formatBits: 0 },
  Q: { eccPerBlock: [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24], blocks: [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8], formatBits: 3 },
  H: { eccPerBlock: [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28], blocks: [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8], formatBits: 2 },
};

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

type Mode = 'numeric' | 'alphanumeric';

function modeOf(text: string): Mode | null {
  if (/^[0-9]*$/.test(text)) return 'numeric';
  if ([...text].every((c) => ALPHANUMERIC.includes(c))) return 'alphanumeric';
  return null;
}

const MODE_INDICATOR: Record<Mode, number> = { numeric: 0b0001, alphanumeric: 0b0010 };
/** Character count bits for versions 1-9 and 10-26 (nothing above 10 is encoded here). */
const COUNT_BITS: Record<Mode, [number, number]> = { numeric: [10, 12], alphanumeric: [9, 11] };

class Bits {
  readonly bits: number[] = [];
  put(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bits.push((value >>> i) & 1);
  }
}

function dataBits(text: string, mode: Mode, version: number): Bits {
  const out = new Bits();
  out.put(MODE_INDICATOR[mode], 4);
  out.put(text.length, COUNT_BITS[mode][version < 10 ? 0 : 1]);
  if (mode === 'numeric') {
    for (let i = 0; i < text.length; i += 3) {
      const group = text.slice(i, i + 3);
      out.put(Number(group), group.length * 3 + 1);
    }
  } else {
    for (let i = 0; i + 1 < text.length; i += 2) out.put(ALPHANUMERIC.indexOf(text[i]!) * 45 + ALPHANUMERIC.indexOf(text[i + 1]!), 11);
    if (text.length % 2 === 1) out.put(ALPHANUMERIC.indexOf(text[text.length - 1]!), 6);
  }
  return out;
}

/** Modules that carry codewords (data and error correction) in a symbol of `version`. */
function rawDataModules(version: number): number {
  let result = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2;
    result -= (25 * align - 10) * align - 55;
    if (version >= 7) result -= 36;
  }
  return result;
}

function dataCodewords(version: number, level: EcLevel): number {
  return Math.floor(rawDataModules(version) / 8) - LEVELS[level].eccPerBlock[version]! * LEVELS[level].blocks[version]!;
}

// GF(256) with the QR code's polynomial x^8 + x^4 + x^3 + x^2 + 1.
function gfMultiply(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z & 0xff;
}

const divisors = new Map<number, number[]>();
function rsDivisor(degree: number): number[] {
  const hit = divisors.get(degree);
  if (hit) return hit;
  const result = new Array<number>(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < result.length; j++) {
      result[j] = gfMultiply(result[j]!, root);
      if (j + 1 < result.length) result[j]! ^= result[j + 1]!;
    }
    root = gfMultiply(root, 0x02);
  }
  divisors.set(degree, result);
  return result;
}

function rsRemainder(data: number[], divisor: number[]): number[] {
  const result = new Array<number>(divisor.length).fill(0);
  for (const b of data) {
    const factor = b ^ result.shift()!;
    result.push(0);
    divisor.forEach((coef, i) => (result[i]! ^= gfMultiply(coef, factor)));
  }
  return result;
}

/** Splits the data codewords into blocks, adds each block's error correction, interleaves. */
function withErrorCorrection(data: number[], version: number, level: EcLevel): number[] {
  const blocks = LEVELS[level].blocks[version]!;
  const eccLength = LEVELS[level].eccPerBlock[version]!;
  const raw = Math.floor(rawDataModules(version) / 8);
  const shortBlocks = blocks - (raw % blocks);
  const shortLength = Math.floor(raw / blocks);
  const divisor = rsDivisor(eccLength);
  const all: number[][] = [];
  for (let i = 0, k = 0; i < blocks; i++) {
    const block = data.slice(k, k + shortLength - eccLength + (i < shortBlocks ? 0 : 1));
    k += block.length;
    const ecc = rsRemainder(block, divisor);
    if (i < shortBlocks) block.push(0);
    all.push(block.concat(ecc));
  }
  const result: number[] = [];
  for (let i = 0; i < all[0]!.length; i++) {
    all.forEach((block, j) => {
      // The short blocks' placeholder is not sent.
      if (i !== shortLength - eccLength || j >= shortBlocks) result.push(block[i]!);
    });
  }
  return result;
}

function alignmentPositions(version: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const size = version * 4 + 17;
  const step = Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const result = [6];
  for (let pos = size - 7; result.length < count; pos -= step) result.splice(1, 0, pos);
  return result;
}

class Grid {
  readonly dark: Uint8Array;
  readonly isFunction: Uint8Array;
  constructor(readonly size: number) {
    this.dark = new Uint8Array(size * size);
    this.isFunction = new Uint8Array(size * size);
  }
  setFunction(x: number, y: number, dark: boolean): void {
    this.dark[y * this.size + x] = dark ? 1 : 0;
    this.isFunction[y * this.size + x] = 1;
  }
}

function drawFunctionPatterns(grid: Grid, version: number, level: EcLevel): void {
  const { size } = grid;
  for (let i = 0; i < size; i++) {
    grid.setFunction(6, i, i % 2 === 0);
    grid.setFunction(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [
    [3, 3],
    [size - 4, 3],
    [3, size - 4],
  ] as const) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        const dist = Math.max(Math.abs(dx), Math.abs(dy));
        if (x >= 0 && x < size && y >= 0 && y < size) grid.setFunction(x, y, dist !== 2 && dist !== 4);
      }
    }
  }
  const positions = alignmentPositions(version);
  const last = positions.length - 1;
  positions.forEach((px, i) =>
    positions.forEach((py, j) => {
      // Not over the finder patterns.
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) grid.setFunction(px + dx, py + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }),
  );
  drawFormat(grid, level, 0);
  if (version >= 7) {
    let rem = version;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const bits = (version << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const bit = ((bits >>> i) & 1) === 1;
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      grid.setFunction(a, b, bit);
      grid.setFunction(b, a, bit);
    }
  }
}

/** The 15 format bits (the level, the mask) in both of their places, and the dark module. */
function drawFormat(grid: Grid, level: EcLevel, mask: number): void {
  const { size } = grid;
  const data = (LEVELS[level].formatBits << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  const bits = ((data << 10) | rem) ^ 0x5412;
  const bit = (i: number) => ((bits >>> i) & 1) === 1;
  for (let i = 0; i <= 5; i++) grid.setFunction(8, i, bit(i));
  grid.setFunction(8, 7, bit(6));
  grid.setFunction(8, 8, bit(7));
  grid.setFunction(7, 8, bit(8));
  for (let i = 9; i < 15; i++) grid.setFunction(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) grid.setFunction(size - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) grid.setFunction(8, size - 15 + i, bit(i));
  grid.setFunction(8, size - 8, true);
}

/** Codeword bits in the standard's two-column zigzag, skipping function modules. */
function drawCodewords(grid: Grid, codewords: number[]): void {
  const { size } = grid;
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? size - 1 - vert : vert;
        const at = y * size + x;
        if (!grid.isFunction[at] && i < codewords.length * 8) {
          grid.dark[at] = (codewords[i >>> 3]! >>> (7 - (i & 7))) & 1;
          i++;
        }
      }
    }
  }
}

const MASKS: ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** Each mask's pattern over a symbol's size, once: masking is then one XOR per module. */
const maskPatterns = new Map<string, Uint8Array>();
function maskPattern(size: number, mask: number): Uint8Array {
  const key = `${size}:${mask}`;
  let pattern = maskPatterns.get(key);
  if (!pattern) {
    pattern = new Uint8Array(size * size);
    const fn = MASKS[mask]!;
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) pattern[y * size + x] = fn(x, y) ? 1 : 0;
    maskPatterns.set(key, pattern);
  }
  return pattern;
}

function applyMask(grid: Grid, mask: number): void {
  const pattern = maskPattern(grid.size, mask);
  const { dark, isFunction } = grid;
  for (let i = 0; i < dark.length; i++) if (!isFunction[i]) dark[i]! ^= pattern[i]!;
}

/** Finder-like 1:1:3:1:1 patterns with four light modules on a side, in a line's last seven runs (h0 newest). */
function finderLike(h0: number, h1: number, h2: number, h3: number, h4: number, h5: number, h6: number): number {
  const n = h1;
  if (n <= 0 || h2 !== n || h3 !== n * 3 || h4 !== n || h5 !== n) return 0;
  return (h0 >= n * 4 && h6 >= n ? 1 : 0) + (h6 >= n * 4 && h0 >= n ? 1 : 0);
}

/**
 * The standard's penalty score: runs of five or more, 2x2 blocks, finder-like patterns (the
 * light border counts as light), dark balance. It runs 8 times per symbol: the last seven
 * runs of a line are plain locals, no closure or array per run.
 */
function penalty(grid: Grid): number {
  const { size, dark } = grid;
  let result = 0;
  for (let pass = 0; pass < 2; pass++) {
    const lineStep = pass === 0 ? size : 1;
    const moduleStep = pass === 0 ? 1 : size;
    for (let line = 0; line < size; line++) {
      let h0 = 0;
      let h1 = 0;
      let h2 = 0;
      let h3 = 0;
      let h4 = 0;
      let h5 = 0;
      let h6 = 0;
      let color = 0;
      let run = 0;
      // The first run (light, possibly empty) starts in the light border.
      let border = size;
      for (let i = 0, at = line * lineStep; i < size; i++, at += moduleStep) {
        const c = dark[at]!;
        if (c === color) {
          run++;
          if (run === 5) result += 3;
          else if (run > 5) result++;
        } else {
          h6 = h5;
          h5 = h4;
          h4 = h3;
          h3 = h2;
          h2 = h1;
          h1 = h0;
          h0 = run + border;
          border = 0;
          if (!color) result += finderLike(h0, h1, h2, h3, h4, h5, h6) * 40;
          color = c;
          run = 1;
        }
      }
      if (color) {
        h6 = h5;
        h5 = h4;
        h4 = h3;
        h3 = h2;
        h2 = h1;
        h1 = h0;
        h0 = run;
        run = 0;
      }
      h6 = h5;
      h5 = h4;
      h4 = h3;
      h3 = h2;
      h2 = h1;
      h1 = h0;
      h0 = run + size;
      result += finderLike(h0, h1, h2, h3, h4, h5, h6) * 40;
    }
  }
  for (let y = 0; y < size - 1; y++) {
    for (let x = 0; x < size - 1; x++) {
      const at = y * size + x;
      const c = dark[at];
      if (c === dark[at + 1] && c === dark[at + size] && c === dark[at + size + 1]) result += 3;
    }
  }
  let darkCount = 0;
  for (let i = 0; i < dark.length; i++) darkCount += dark[i]!;
  const total = size * size;
  result += (Math.ceil(Math.abs(darkCount * 20 - total * 10) / total) - 1) * 10;
  return result;
}

/**
 * The symbol for `text` at level M or better, or null when it holds other characters than
 * the alphanumeric set or needs more than MAX_VERSION: the caller then asks bwip-js. As bwip-js does, the
 * smallest version at level M is chosen, then the highest level that still fits in it (a
 * scuffed label reads better). `mask` forces a mask (tests).
 */
export function encodeQr(text: string, mask?: number): QrSymbol | null {
  const mode = modeOf(text);
  if (mode === null || text === '') return null;
  for (let version = 1; version <= MAX_VERSION; version++) {
    const length = dataBits(text, mode, version).bits.length;
    if (length > dataCodewords(version, 'M') * 8) continue;
    const level = (['H', 'Q', 'M'] as const).find((l) => length <= dataCodewords(version, l) * 8)!;
    const capacity = dataCodewords(version, level) * 8;
    const bits = dataBits(text, mode, version);
    bits.put(0, Math.min(4, capacity - bits.bits.length));
    bits.put(0, (8 - (bits.bits.length % 8)) % 8);
    for (let pad = 0xec; bits.bits.length < capacity; pad ^= 0xec ^ 0x11) bits.put(pad, 8);
    const codewords: number[] = [];
    for (let i = 0; i < bits.bits.length; i += 8) codewords.push(bits.bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
    const grid = new Grid(version * 4 + 17);
    drawFunctionPatterns(grid, version, level);
    drawCodewords(grid, withErrorCorrection(codewords, version, level));
    let chosen = mask ?? -1;
    if (chosen < 0) {
      let best = Infinity;
      for (let m = 0; m < 8; m++) {
        applyMask(grid, m);
        drawFormat(grid, level, m);
        const score = penalty(grid);
        if (score < best) {
          best = score;
          chosen = m;
        }
        applyMask(grid, m);
      }
    }
    applyMask(grid, chosen);
    drawFormat(grid, level, chosen);
    return { version, level, size: grid.size, mask: chosen, dark: grid.dark };
  }
  return null;
}

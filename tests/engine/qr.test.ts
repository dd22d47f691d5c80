/**
 * The fast QR encoder of db/print/qr.ts against bwip-js, the maintained generator it stands
 * in for: under each of the eight masks the two produce the same symbol, module for module,
 * for archive numbers, box codes, digits only and values long enough for every version up to
 * 10. Scanning the printed symbols is tested on whole label sheets in labels.test.ts.
 */
import bwipjs from 'bwip-js/node';
import { describe, expect, it } from 'vitest';
import { qrMatrix } from '../../db/print/barcodes.js';
import { encodeQr, MAX_VERSION } from '../../db/print/qr.js';

function bwipSymbol(value: string, options: string): { size: number; dark: number[] } {
  const [symbol] = bwipjs.raw('qrcode', value, `eclevel=M ${options}`) as { pixx: number; pixs: number[] }[];
  return { size: symbol!.pixx, dark: symbol!.pixs };
}

/** Letters, digits and dashes without long digit runs (bwip-js would switch those to a numeric segment). */
function alphanumeric(length: number): string {
  const unit = 'KH-A12-B/C.D:E F+G%H$';
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const VALUES = [
  'KH-2026-00001',
  'BK-2020-000123',
  'ZL-2019-Y-0007',
  '1-A-3-12',
  '2026000123',
  'A',
  // Every version from 2 to 10 at level M.
  ...[30, 50, 80, 110, 140, 170, 200, 250, 300].map(alphanumeric),
];

describe('QR codes', () => {
  it.each(VALUES.map((v) => [v.length > 20 ? `${v.length} characters` : v, v]))('%s: the same symbol as bwip-js under each of the eight masks', (_name, value) => {
    const versions = new Set<number>();
    for (let mask = 0; mask < 8; mask++) {
      const mine = encodeQr(value, mask);
      expect(mine, `mask ${mask}`).not.toBeNull();
      versions.add(mine!.version);
      // bwip-js numbers the masks from 1.
      const theirs = bwipSymbol(value, `mask=${mask + 1}`);
      expect(mine!.size, `mask ${mask}`).toBe(theirs.size);
      expect(Array.from(mine!.dark), `mask ${mask}`).toEqual(theirs.dark);
    }
    expect(versions.size).toBe(1);
  });

  it('covers versions 1 to 10, raising the error correction level where the version has room, as bwip-js does', () => {
    const symbols = VALUES.map((v) => encodeQr(v)!);
    expect(new Set(symbols.map((s) => s.version))).toEqual(new Set(Array.from({ length: MAX_VERSION }, (_, i) => i + 1)));
    // 13 characters fit version 1 at level Q (16), not H (10).
    expect(encodeQr('KH-2026-00001')).toMatchObject({ version: 1, level: 'Q', size: 21 });
    expect(encodeQr('A')).toMatchObject({ version: 1, level: 'H' });
  });

  it('chooses its mask itself, one of the eight symbols above', () => {
    for (const value of VALUES.slice(0, 6)) {
      const chosen = encodeQr(value)!;
      expect(Array.from(chosen.dark)).toEqual(Array.from(encodeQr(value, chosen.mask)!.dark));
    }
  });

  it('leaves lower case, Chinese and values beyond version 10 to bwip-js', () => {
    expect(encodeQr('kh-2026-00001')).toBeNull();
    expect(encodeQr('京档-2019-永-0007')).toBeNull();
    expect(encodeQr(alphanumeric(400))).toBeNull();
    expect(encodeQr('')).toBeNull();
    // The label code still gets its symbol, from bwip-js.
    const legacy = qrMatrix('京档-2019-永-0007');
    expect(legacy.size).toBeGreaterThanOrEqual(21);
    expect(qrMatrix('kh-2026-00001').dark).toEqual(Uint8Array.from(bwipSymbol('kh-2026-00001', '').dark));
  });
});

/**
 * A quick structural read of a plain PDF, so a small scan need not go through pdf.js in a
 * worker: a classic cross-reference table at `startxref`, a trailer naming the catalog with
 * no encryption and no earlier revisions, and a page tree whose leaves, walked in full, are as
 * many as its `/Count`. Only then is the page count given; anything else (a cross-reference
 * stream, an incremental update, encryption, a damaged or unusual file) gives null and pdf.js
 * decides as before. So this never refuses a document and accepts only ones pdf.js opens.
 *
 * It reads the cross-reference table and the few objects of the page tree, never a stream,
 * with every loop bounded by the input: safe to run on the engine's thread for small files.
 */

type PdfObject =
  | { t: 'num'; v: number }
  | { t: 'name'; v: string }
  | { t: 'ref'; n: number; g: number }
  | { t: 'arr'; v: PdfObject[] }
  | { t: 'dict'; v: Map<string, PdfObject> }
  | { t: 'other' };

/** Not the plain structure this reader vouches for. */
class Unsure extends Error {}

const MAX_DEPTH = 32;
const MAX_PAGES = 100_000;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

function isDelimiter(c: number | undefined): boolean {
  return c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
}

class Reader {
  pos = 0;
  private readonly text: Buffer;
  constructor(private readonly bytes: Uint8Array) {
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  latin1(start: number, end: number): string {
    return this.text.toString('latin1', start, Math.min(end, this.bytes.length));
  }

  private at(offset = 0): number | undefined {
    return this.bytes[this.pos + offset];
  }

  skipSpace(): void {
    for (;;) {
      while (isSpace(this.at())) this.pos++;
      if (this.at() !== 0x25) return;
      // A comment, to the end of its line.
      while (this.pos < this.bytes.length && this.at() !== 0x0a && this.at() !== 0x0d) this.pos++;
    }
  }

  /** A run of regular characters (a number, keyword or name body). */
  private word(): string {
    const start = this.pos;
    while (this.pos < this.bytes.length && !isSpace(this.at()) && !isDelimiter(this.at())) {
      if (++this.pos - start > 127) throw new Unsure();
    }
    return this.latin1(start, this.pos);
  }

  keyword(expected: string): void {
    this.skipSpace();
    if (this.word() !== expected) throw new Unsure();
  }

  integer(): number {
    this.skipSpace();
    const text = this.word();
    if (!/^\d{1,10}$/.test(text)) throw new Unsure();
    return Number(text);
  }

  object(depth = 0): PdfObject {
    if (depth > MAX_DEPTH) throw new Unsure();
    this.skipSpace();
    const c = this.at();
    if (c === undefined) throw new Unsure();
    if (c === 0x3c && this.at(1) === 0x3c) {
      this.pos += 2;
      const dict = new Map<string, PdfObject>();
      for (;;) {
        this.skipSpace();
        if (this.at() === 0x3e && this.at(1) === 0x3e) {
          this.pos += 2;
          return { t: 'dict', v: dict };
        }
        const key = this.object(depth + 1);
        if (key.t !== 'name') throw new Unsure();
        dict.set(key.v, this.object(depth + 1));
      }
    }
    if (c === 0x5b) {
      this.pos++;
      const items: PdfObject[] = [];
      for (;;) {
        this.skipSpace();
        if (this.at() === 0x5d) {
          this.pos++;
          return { t: 'arr', v: items };
        }
        items.push(this.object(depth + 1));
      }
    }
    if (c === 0x2f) {
      this.pos++;
      return { t: 'name', v: this.word() };
    }
    if (c === 0x3c) {
      const end = this.bytes.indexOf(0x3e, this.pos);
      if (end < 0) throw new Unsure();
      this.pos = end + 1;
      return { t: 'other' };
    }
    if (c === 0x28) {
      this.literalString();
      return { t: 'other' };
    }
    if (isDelimiter(c)) throw new Unsure();
    const text = this.word();
    if (/^\d{1,10}$/.test(text)) {
      // `n g R` is a reference; anything else after an integer is left where it is.
      const mark = this.pos;
      this.skipSpace();
      const generation = this.word();
      if (/^\d{1,5}$/.test(generation)) {
        this.skipSpace();
        if (this.word() === 'R') return { t: 'ref', n: Number(text), g: Number(generation) };
      }
      this.pos = mark;
      return { t: 'num', v: Number(text) };
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return { t: 'num', v: Number(text) };
    if (text === 'true' || text === 'false' || text === 'null') return { t: 'other' };
    throw new Unsure();
  }

  private literalString(): void {
    let nesting = 0;
    while (this.pos < this.bytes.length) {
      const c = this.bytes[this.pos++];
      if (c === 0x5c) this.pos++;
      else if (c === 0x28) nesting++;
      else if (c === 0x29 && --nesting === 0) return;
    }
    throw new Unsure();
  }
}

function dictOf(object: PdfObject | undefined): Map<string, PdfObject> {
  if (object?.t !== 'dict') throw new Unsure();
  return object.v;
}

function nameOf(object: PdfObject | undefined): string | null {
  return object?.t === 'name' ? object.v : null;
}

/** The page count of `bytes` (the whole document) when its structure is plain and sound, else null. */
export function plainPdfPageCount(bytes: Uint8Array): number | null {
  try {
    return readPlain(bytes);
  } catch (err) {
    if (err instanceof Unsure || err instanceof RangeError) return null;
    throw err;
  }
}

function readPlain(bytes: Uint8Array): number | null {
  const reader = new Reader(bytes);
  const found = /startxref\s+(\d{1,10})\s+%%EOF\s*$/.exec(reader.latin1(Math.max(0, bytes.length - 1024), bytes.length));
  if (!found) return null;
  reader.pos = Number(found[1]);
  if (reader.pos >= bytes.length) return null;
  reader.keyword('xref');
  const offsets = new Map<number, { offset: number; generation: number }>();
  for (;;) {
    reader.skipSpace();
    const mark = reader.pos;
    if (reader.latin1(mark, mark + 7) === 'trailer') {
      reader.pos += 7;
      break;
    }
    const first = reader.integer();
    const count = reader.integer();
    if (count * 20 > bytes.length) return null;
    reader.skipSpace();
    for (let i = 0; i < count; i++) {
      // Fixed-size entries: 10-digit offset, 5-digit generation, n or f, then two characters of line end.
      const entry = /^(\d{10}) (\d{5}) ([nf])[ \r\n]{2}$/.exec(reader.latin1(reader.pos, reader.pos + 20));
      if (!entry) return null;
      reader.pos += 20;
      if (entry[3] === 'n') offsets.set(first + i, { offset: Number(entry[1]), generation: Number(entry[2]) });
    }
  }
  const trailer = dictOf(reader.object());
  // Encryption (pdf.js tells a user password from an owner one), earlier revisions or a hybrid file: pdf.js decides.
  if (trailer.has('Encrypt') || trailer.has('Prev') || trailer.has('XRefStm')) return null;
  // Bytes the objects read may span in all: offsets pointing into one another (a hostile file) cannot make it quadratic.
  let budget = 2 * bytes.length;
  const resolve = (ref: PdfObject | undefined): PdfObject => {
    if (ref?.t !== 'ref') throw new Unsure();
    const entry = offsets.get(ref.n);
    if (!entry || entry.generation !== ref.g || entry.offset >= bytes.length) throw new Unsure();
    reader.pos = entry.offset;
    if (reader.integer() !== ref.n || reader.integer() !== ref.g) throw new Unsure();
    reader.keyword('obj');
    const object = reader.object();
    budget -= reader.pos - entry.offset;
    if (budget < 0) throw new Unsure();
    return object;
  };
  const catalog = dictOf(resolve(trailer.get('Root')));
  const pagesRef = catalog.get('Pages');
  const root = dictOf(resolve(pagesRef));
  const count = root.get('Count');
  if (nameOf(root.get('Type')) !== 'Pages' || count?.t !== 'num' || !Number.isInteger(count.v) || count.v < 1) return null;
  // The whole tree, each node's /Count the number of leaves under it (pdf.js finds a page by those counts).
  const seen = new Set<number>();
  let leaves = 0;
  const walk = (ref: PdfObject | undefined, depth: number): number => {
    if (ref?.t !== 'ref' || seen.has(ref.n) || depth > MAX_DEPTH) throw new Unsure();
    seen.add(ref.n);
    const node = dictOf(resolve(ref));
    const type = nameOf(node.get('Type'));
    if (type === 'Page') {
      if (++leaves > MAX_PAGES) throw new Unsure();
      return 1;
    }
    const kids = node.get('Kids');
    const declared = node.get('Count');
    if (type !== 'Pages' || kids?.t !== 'arr' || declared?.t !== 'num') throw new Unsure();
    let under = 0;
    for (const kid of kids.v) under += walk(kid, depth + 1);
    if (under !== declared.v) throw new Unsure();
    return under;
  };
  return walk(pagesRef, 0) === count.v ? count.v : null;
}

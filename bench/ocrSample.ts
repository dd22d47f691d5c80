/**
 * `npx tsx bench/ocrSample.ts OUT.pdf`: writes a scanned PDF of the test set's authorisation
 * letter (one page image, no text layer, a red stamp over its lower lines) — the scan the
 * end-to-end test drops on a contents-list item and then finds by a phrase printed on it.
 */
import { writeFileSync } from 'node:fs';
import { AUTHORISATION, renderOcrPage, scannedPdf } from './ocrTestSet.js';

const out = process.argv[2];
if (!out) throw new Error('usage: ocrSample.ts OUT.pdf');
writeFileSync(out, await scannedPdf([await renderOcrPage(AUTHORISATION, 'stamped')]));

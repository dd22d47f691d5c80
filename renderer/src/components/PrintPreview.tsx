/**
 * Print preview: the engine's PDF itself, rendered page by page in the page with pdf.js (its
 * worker is a same-origin module file, allowed by the CSP's script-src 'self'; no eval, no
 * remote fonts: the PDF embeds its own). Save as PDF downloads the very bytes; Print opens the
 * system dialog for exactly that paper (Electron: the main process passes the size in
 * microns; a browser: print CSS with @page of the PDF's size). `PrintButton` runs a `print.*`
 * operation as a job and opens the preview when it is done.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { OpInput } from '../../../shared/contract.js';
import type { DossierBridge } from '../../../shared/api.js';
import type { printUi } from '../../../shared/i18n/zh-CN/print.js';
import type { PrintFile, PrintOperation } from '../../../shared/ops/print.js';
import { getConnection } from '../api.js';
import { useAction, useCan, useErrorText } from '../hooks.js';
import { jobOutcome, useJobs, whenFinished } from '../stores/jobs.js';
import { jobFileBytes } from '../streams.js';
import { unwrapEnvelope } from '../transport.js';
import { InlineJob } from './Jobs.js';
import { Dialog } from './ui.js';
import './PrintPreview.css';

/** What the preview shows: the PDF's bytes and what the engine said of it. */
export interface PrintedDocument {
  bytes: Uint8Array<ArrayBuffer>;
  fileName: string;
  pages: number;
  pageSize: PrintFile['pageSize'];
}

/** Pages are shown at 150 dpi: sharp on screen, small enough for a 100-page register. */
const DPI = 150;
/**
 * On paper they go at 300 dpi, drawn when Print is pressed: a 0.25 mm barcode module is then
 * three dots, as the label tests scan them (at 150 dpi it would be one and a half).
 */
const PRINT_DPI = 300;

type PdfJs = typeof import('pdfjs-dist');
let pdfjsLoading: Promise<PdfJs> | null = null;

/** pdf.js, loaded the first time a preview opens (it is large) with its worker beside it. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsLoading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([pdfjs, worker]) => {
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    return pdfjs;
  });
  return pdfjsLoading;
}

/** Renders every page to a PNG object URL, in order, reporting each as it is ready. */
async function renderPages(bytes: Uint8Array, onPage: (url: string) => void, cancelled: () => boolean, dpi = DPI): Promise<void> {
  const pdfjs = await loadPdfJs();
  // A copy: pdf.js transfers the buffer to its worker.
  const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false });
  const pdf = await task.promise;
  try {
    const canvas = document.createElement('canvas');
    for (let n = 1; n <= pdf.numPages && !cancelled(); n++) {
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: dpi / 72 });
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvas, canvasContext: context, viewport }).promise;
      page.cleanup();
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (blob && !cancelled()) onPage(URL.createObjectURL(blob));
    }
  } finally {
    await pdf.destroy();
  }
}

/** A browser: the very bytes as a download. */
function downloadBytes(doc: PrintedDocument): void {
  const url = URL.createObjectURL(new Blob([doc.bytes], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = doc.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Electron's bridge, when the page runs there. */
function electronBridge(): DossierBridge | null {
  const connection = getConnection();
  return connection?.kind === 'ipc' ? (connection.bridge as DossierBridge) : null;
}

export function PrintPreview({ doc, title, onClose }: { doc: PrintedDocument; title: string; onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [pages, setPages] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const [saving, setSaving] = useState(false);
  /** The pages at print resolution, drawn at the first Print. */
  const [sheets, setSheets] = useState<string[] | null>(null);
  const urls = useRef<string[]>([]);

  useEffect(() => {
    let stopped = false;
    renderPages(
      doc.bytes,
      (url) => {
        urls.current.push(url);
        setPages((p) => [...p, url]);
      },
      () => stopped,
    ).catch((err: unknown) => {
      if (!stopped) setProblem(t('ui.print.preview.failed', { detail: err instanceof Error ? err.message : String(err) }));
    });
    return () => {
      stopped = true;
      for (const url of urls.current) URL.revokeObjectURL(url);
      urls.current = [];
      setSheets(null);
    };
  }, [doc, t]);

  /** The print-resolution pages, once; they stay until the preview closes. */
  const printSheets = async (): Promise<string[]> => {
    if (sheets) return sheets;
    const drawn: string[] = [];
    await renderPages(
      doc.bytes,
      (url) => drawn.push(url),
      () => false,
      PRINT_DPI,
    );
    urls.current.push(...drawn);
    setSheets(drawn);
    // Printing before the images are decoded would print blank pages.
    await Promise.all(
      drawn.map((url) => {
        const img = new Image();
        img.src = url;
        return img.decode();
      }),
    );
    return drawn;
  };

  const save = async () => {
    setNotice(null);
    const bridge = electronBridge();
    if (!bridge?.savePdf) {
      downloadBytes(doc);
      return;
    }
    setSaving(true);
    try {
      const saved = unwrapEnvelope(await bridge.savePdf({ fileName: doc.fileName, bytes: doc.bytes }));
      setNotice(saved === false ? t('ui.print.preview.notSaved') : t('ui.print.preview.saved'));
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  // On paper: only the pages, each exactly the PDF's size, no margins.
  useEffect(() => {
    const style = document.createElement('style');
    style.textContent = `@page { size: ${doc.pageSize.widthMm}mm ${doc.pageSize.heightMm}mm; margin: 0; }`;
    document.head.appendChild(style);
    document.body.classList.add('pdf-preview-open');
    return () => {
      style.remove();
      document.body.classList.remove('pdf-preview-open');
    };
  }, [doc]);

  const rendering = pages.length < doc.pages && !problem;
  const print = async () => {
    setNotice(null);
    setPrinting(true);
    try {
      await printSheets();
      // Let React put the sheets in the page before the dialog takes its picture of it.
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const bridge = electronBridge();
      if (!bridge?.print) {
        window.print();
        return;
      }
      const printed = unwrapEnvelope(await bridge.print({ widthMm: doc.pageSize.widthMm, heightMm: doc.pageSize.heightMm }));
      if (printed === false) setNotice(t('ui.print.preview.notPrinted'));
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setPrinting(false);
    }
  };

  return (
    <Dialog title={title} onClose={onClose} testId="print-preview" wide>
      <div className="print-toolbar">
        <span className="muted" data-testid="print-preview-pages">
          {t('ui.print.preview.pages', { count: doc.pages })} · {t('ui.print.preview.paper', { width: doc.pageSize.widthMm, height: doc.pageSize.heightMm })}
        </span>
        <span className="print-toolbar-actions">
          <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={saving} data-testid="print-save">
            {t('ui.print.preview.save')}
          </button>
          <button type="button" className="btn" onClick={() => void print()} disabled={rendering || printing} data-testid="print-print">
            {printing ? t('ui.print.preview.printing') : t('ui.print.preview.print')}
          </button>
          <button type="button" className="btn" onClick={onClose} data-testid="print-close">
            {t('ui.print.preview.close')}
          </button>
        </span>
      </div>
      {rendering ? (
        <p className="muted" role="status">
          {t('ui.print.preview.rendering', { done: pages.length + 1, total: doc.pages })}
        </p>
      ) : null}
      {problem ? (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      ) : null}
      {notice ? <p className="muted">{notice}</p> : null}
      <div className="print-pages" data-testid="print-pages" tabIndex={0} aria-label={title}>
        {pages.map((url, i) => (
          <img
            key={url}
            src={url}
            alt={t('ui.print.preview.page', { page: i + 1 })}
            className="print-page"
            data-testid="print-page"
            style={{ aspectRatio: `${doc.pageSize.widthMm} / ${doc.pageSize.heightMm}` }}
          />
        ))}
      </div>
      {createPortal(
        <div className="print-sheets" aria-hidden="true" data-dpi={sheets ? PRINT_DPI : DPI}>
          {(sheets ?? pages).map((url) => (
            <img key={url} src={url} alt="" style={{ width: `${doc.pageSize.widthMm}mm`, height: `${doc.pageSize.heightMm}mm` }} />
          ))}
        </div>,
        document.body,
      )}
    </Dialog>
  );
}

/** The preview's document from a finished print job. */
export async function printedDocument(job: Parameters<typeof jobFileBytes>[0]): Promise<PrintedDocument> {
  const file = jobOutcome<PrintFile>(job);
  return { bytes: await jobFileBytes(job), fileName: file.fileName, pages: file.pages, pageSize: file.pageSize };
}

/** A form's name in `ui.print.forms`. */
export type PrintFormKey = keyof (typeof printUi)['print']['forms'];

interface PrintButtonProps<N extends PrintOperation> {
  operation: N;
  /** The input, or a function giving it at the moment of the click (the screen's current filters). */
  input: OpInput<N> | (() => OpInput<N>);
  /** The button and the preview name the form. */
  form: PrintFormKey;
  testId?: string;
  /** A label other than 打印<form>. */
  children?: ReactNode;
  className?: string;
}

/** Runs a print operation as a job (progress inline, cancel in the jobs tray), then previews it. */
export function PrintButton<N extends PrintOperation>({ operation, input, form, testId, children, className }: PrintButtonProps<N>) {
  const { t } = useTranslation();
  const can = useCan();
  const errorText = useErrorText();
  const printing = useAction();
  const [jobId, setJobId] = useState<string | null>(null);
  const [doc, setDoc] = useState<PrintedDocument | null>(null);
  if (!can(operation)) return null;
  const formName = t(`ui.print.forms.${form}`);
  const run = () =>
    printing.run(async () => {
      const started = await useJobs.getState().start(operation, typeof input === 'function' ? (input as () => OpInput<N>)() : input, { subject: formName });
      setJobId(started.id);
      setDoc(await printedDocument(await whenFinished(started.id)));
    });
  const problem = printing.error ? errorText(printing.error) : null;
  return (
    <span className="print-group">
      <button type="button" className={className ?? 'btn'} disabled={printing.busy} onClick={() => void run()} data-testid={testId} title={problem ?? undefined}>
        {printing.busy ? t('ui.print.preparing') : (children ?? t('ui.print.button', { form: formName }))}
      </button>
      {printing.busy ? <InlineJob id={jobId} /> : null}
      {problem ? (
        <span className="field-problem" role="alert">
          {problem}
        </span>
      ) : null}
      {doc ? <PrintPreview doc={doc} title={t('ui.print.preview.title', { form: formName })} onClose={() => setDoc(null)} /> : null}
    </span>
  );
}

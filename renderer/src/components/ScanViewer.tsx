/**
 * The scan viewer: one scan's pages with a thumbnail strip, page navigation, zoom and rotation
 * (a view setting only: the stored original never changes), side by side with the file's
 * contents list and its other scans. A PDF is drawn by pdf.js from the session's scan route (a
 * large one by byte ranges, so only what is drawn is held in memory), a JPEG or PNG is shown as it is, a TIFF page is drawn by the
 * engine (`pages.render`). Text found on the page (`ocr.find`, the search index's normalisation)
 * is highlighted where OCR read it. Keyboard: ←/→ PageUp/PageDown, +/−, R, F, Esc.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Item } from '../../../shared/ops/items.js';
import type { Scan } from '../../../shared/ops/scans.js';
import { api } from '../api.js';
import { useErrorText } from '../hooks.js';
import { pageObjectUrl, scanBytes, scanRange } from '../scans.js';
import './ScanViewer.css';

type PdfJs = typeof import('pdfjs-dist');
type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
let pdfjsLoading: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  pdfjsLoading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([pdfjs, worker]) => {
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    return pdfjs;
  });
  return pdfjsLoading;
}

/** Draws pages as object URLs (PNG), each size once; every URL is revoked when the viewer closes. */
interface PageSource {
  count: number;
  page(n: number, width: number): Promise<string>;
  close(): void;
}

/** Up to this size a PDF is read whole in one request; a larger one by ranges as pdf.js needs them. */
const WHOLE_PDF_BYTES = 4 * 1024 * 1024;
const PDF_RANGE_BYTES = 256 * 1024;

async function pdfSource(url: string, size: number): Promise<PageSource> {
  const pdfjs = await loadPdfJs();
  let doc: PdfDoc;
  if (size <= WHOLE_PDF_BYTES) {
    doc = await pdfjs.getDocument({ data: new Uint8Array(await scanBytes(url)), isEvalSupported: false, useSystemFonts: false }).promise;
  } else {
    // pdf.js asks for the parts it needs (the cross-reference at the end, then each page's objects).
    class Ranges extends pdfjs.PDFDataRangeTransport {
      override requestDataRange(begin: number, end: number): void {
        scanRange(url, begin, end).then(
          (bytes) => this.onDataRange(begin, bytes),
          () => this.abort(),
        );
      }
    }
    const transport = new Ranges(size, await scanRange(url, 0, PDF_RANGE_BYTES));
    doc = await pdfjs.getDocument({
      range: transport,
      length: size,
      rangeChunkSize: PDF_RANGE_BYTES,
      disableAutoFetch: true,
      disableStream: true,
      isEvalSupported: false,
      useSystemFonts: false,
    }).promise;
  }
  const urls = new Map<string, Promise<string>>();
  return {
    count: doc.numPages,
    page(n, width) {
      const key = `${n}:${width}`;
      let url = urls.get(key);
      if (!url) {
        url = (async () => {
          const page = await doc.getPage(n);
          const base = page.getViewport({ scale: 1 });
          const viewport = page.getViewport({ scale: width / base.width });
          const canvas = document.createElement('canvas');
          canvas.width = Math.ceil(viewport.width);
          canvas.height = Math.ceil(viewport.height);
          const context = canvas.getContext('2d')!;
          context.fillStyle = '#fff';
          context.fillRect(0, 0, canvas.width, canvas.height);
          await page.render({ canvas, canvasContext: context, viewport }).promise;
          page.cleanup();
          const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
          return blob ? URL.createObjectURL(blob) : '';
        })();
        urls.set(key, url);
      }
      return url;
    },
    close() {
      for (const url of urls.values()) void url.then((u) => u && URL.revokeObjectURL(u));
      void doc.destroy();
    },
  };
}

function imageSource(bytes: ArrayBuffer, mimeType: string): PageSource {
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  return { count: 1, page: async () => url, close: () => URL.revokeObjectURL(url) };
}

function enginePages(scan: Scan): PageSource {
  const urls = new Map<string, Promise<string>>();
  return {
    count: scan.pageCount,
    page(n, width) {
      const maxSide = width <= 200 ? 200 : 1600;
      const key = `${n}:${maxSide}`;
      let url = urls.get(key);
      if (!url) {
        url = api.call('pages.render', { scanId: scan.id, page: n, maxSide }).then((p) => pageObjectUrl(p.url));
        urls.set(key, url);
      }
      return url;
    },
    close() {
      for (const url of urls.values())
        void url.then(
          (u) => URL.revokeObjectURL(u),
          () => undefined,
        );
    },
  };
}

async function openSource(scan: Scan): Promise<PageSource> {
  if (scan.kind === 'tiff') return enginePages(scan);
  const content = await api.call('scans.open', { id: scan.id });
  if (scan.kind === 'pdf') return pdfSource(content.url, content.size);
  return imageSource(await scanBytes(content.url), content.mimeType);
}

/** Tab and Shift+Tab go round the dialog's own controls, never to the page behind it. */
function trapTab(e: React.KeyboardEvent, root: HTMLElement | null): void {
  if (!root) return;
  const focusable = [...root.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])')].filter(
    (el) => !(el as HTMLButtonElement).disabled && el.offsetParent !== null,
  );
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  const at = document.activeElement;
  if (e.shiftKey && (at === first || at === root)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (at === last || !root.contains(at))) {
    e.preventDefault();
    first.focus();
  }
}

const MAIN_WIDTH = 1400;
const THUMB_WIDTH = 120;
const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

interface Hit {
  page: number;
  width: number;
  height: number;
  box: [number, number, number, number];
}

function PageImage({
  source,
  n,
  width,
  alt,
  testId,
  onSize,
}: {
  source: PageSource;
  n: number;
  width: number;
  alt: string;
  testId?: string;
  onSize?: (heightOverWidth: number) => void;
}) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    source.page(n, width).then(
      (url) => !stopped && setSrc(url),
      () => undefined,
    );
    return () => {
      stopped = true;
    };
  }, [source, n, width]);
  return src ? (
    <img
      src={src}
      alt={alt}
      data-testid={testId}
      draggable={false}
      onLoad={onSize ? (e) => e.currentTarget.naturalWidth && onSize(e.currentTarget.naturalHeight / e.currentTarget.naturalWidth) : undefined}
    />
  ) : (
    <span className="viewer-page-loading" />
  );
}

interface ScanViewerProps {
  scan: Scan;
  scans: Scan[];
  items: Item[];
  initialQuery?: string;
  onPick(scan: Scan): void;
  onClose(): void;
}

export function ScanViewer({ scan, scans, items, initialQuery, onPick, onClose }: ScanViewerProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [source, setSource] = useState<PageSource | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(1);
  const [rotation, setRotation] = useState(0);
  const [query, setQuery] = useState(initialQuery ?? '');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [ocrState, setOcrState] = useState<string | null>(null);
  const [aspect, setAspect] = useState(297 / 210);
  const quarter = rotation === 90 || rotation === 270;
  const dialog = useRef<HTMLDivElement>(null);
  const find = useRef<HTMLInputElement>(null);
  const count = source?.count ?? scan.pageCount;

  useEffect(() => {
    let stopped = false;
    let opened: PageSource | null = null;
    setSource(null);
    setProblem(null);
    setPage(1);
    openSource(scan).then(
      (s) => {
        opened = s;
        if (stopped) s.close();
        else setSource(s);
      },
      (err: unknown) => !stopped && setProblem(t('ui.viewer.failed', { detail: errorText(err) })),
    );
    return () => {
      stopped = true;
      opened?.close();
    };
  }, [scan, t, errorText]);

  // Modal for the keyboard too: the focus moves in on open and back to where it was (the scan's card) on close.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  // Esc closes the viewer even when the focus is not inside it (a click on the backdrop leaves it on the page).
  useEffect(() => {
    const onDocumentKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || dialog.current?.contains(e.target as Node)) return;
      e.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onDocumentKey);
    return () => document.removeEventListener('keydown', onDocumentKey);
  }, [onClose]);

  // The phrase's places on the scan; the first page holding it is shown.
  const search = useCallback(
    async (q: string, jump: boolean) => {
      if (!q.trim()) {
        setHits(null);
        return;
      }
      const [found, state] = await Promise.all([api.call('ocr.find', { scanId: scan.id, q }), api.call('ocr.page', { scanId: scan.id, page: 1 })]);
      setOcrState(state.state);
      setHits(found.hits);
      if (jump && found.hits[0]) setPage(found.hits[0].page);
    },
    [scan.id],
  );
  useEffect(() => {
    if (initialQuery) void search(initialQuery, true).catch(() => undefined);
  }, [initialQuery, search]);

  const go = useCallback((n: number) => setPage(Math.max(1, Math.min(count, n))), [count]);
  const zoomBy = (step: number) => setZoom((z) => ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, ZOOMS.indexOf(z) + step))] ?? 1);
  const pageHits = useMemo(() => (hits ?? []).filter((h) => h.page === page), [hits, page]);
  const itemOf = (s: Scan) => items.find((i) => i.id === s.itemId);

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Tab') {
      trapTab(e, dialog.current);
      return;
    }
    if (e.target instanceof HTMLInputElement) {
      if (e.key === 'Escape') dialog.current?.focus();
      return;
    }
    if (e.key === 'ArrowRight' || e.key === 'PageDown') go(page + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') go(page - 1);
    else if (e.key === 'Home') go(1);
    else if (e.key === 'End') go(count);
    else if (e.key === '+' || e.key === '=') zoomBy(1);
    else if (e.key === '-') zoomBy(-1);
    else if (e.key === 'r' || e.key === 'R') setRotation((r) => (r + 90) % 360);
    else if (e.key === 'f' || e.key === 'F') find.current?.focus();
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  };

  return (
    <div className="viewer-backdrop">
      <div
        ref={dialog}
        className="viewer"
        role="dialog"
        aria-modal="true"
        aria-label={t('ui.viewer.title', { name: scan.name })}
        tabIndex={-1}
        onKeyDown={onKey}
        data-testid="scan-viewer"
      >
        <header className="viewer-bar">
          <h2 className="viewer-title" title={scan.name}>
            {t('ui.viewer.title', { name: scan.name })}
          </h2>
          <div className="viewer-tools">
            <button type="button" className="btn btn-small" onClick={() => go(page - 1)} disabled={page <= 1} aria-label={t('ui.viewer.prev')} data-testid="viewer-prev">
              ‹
            </button>
            <label className="viewer-page">
              <span className="sr-only">{t('ui.viewer.page')}</span>
              <input type="number" min={1} max={count} value={page} onChange={(e) => go(Number(e.target.value) || 1)} data-testid="viewer-page-input" />
            </label>
            <span className="muted small" data-testid="viewer-page-of">
              {t('ui.viewer.pageOf', { page, count })}
            </span>
            <button type="button" className="btn btn-small" onClick={() => go(page + 1)} disabled={page >= count} aria-label={t('ui.viewer.next')} data-testid="viewer-next">
              ›
            </button>
            <button type="button" className="btn btn-small" onClick={() => zoomBy(-1)} aria-label={t('ui.viewer.zoomOut')} data-testid="viewer-zoom-out">
              −
            </button>
            <button type="button" className="btn btn-small" onClick={() => setZoom(1)} title={t('ui.viewer.fitWidth')} data-testid="viewer-zoom">
              {Math.round(zoom * 100)}%
            </button>
            <button type="button" className="btn btn-small" onClick={() => zoomBy(1)} aria-label={t('ui.viewer.zoomIn')} data-testid="viewer-zoom-in">
              +
            </button>
            <button type="button" className="btn btn-small" onClick={() => setRotation((r) => (r + 90) % 360)} title={t('ui.viewer.rotateHint')} data-testid="viewer-rotate">
              {t('ui.viewer.rotate')}
            </button>
            <form
              className="viewer-find"
              role="search"
              onSubmit={(e) => {
                e.preventDefault();
                void search(query, true).catch(() => undefined);
              }}
            >
              <input
                ref={find}
                type="search"
                value={query}
                placeholder={t('ui.viewer.findPlaceholder')}
                aria-label={t('ui.viewer.find')}
                onChange={(e) => setQuery(e.target.value)}
                data-testid="viewer-find"
              />
              {hits ? (
                <span className="muted small" data-testid="viewer-hits">
                  {hits.length ? t('ui.viewer.hits', { count: hits.length }) : ocrState === 'done' ? t('ui.viewer.noHits') : t('ui.viewer.notRead')}
                </span>
              ) : null}
            </form>
            <button type="button" className="btn btn-small" onClick={onClose} data-testid="viewer-close">
              {t('ui.viewer.close')}
            </button>
          </div>
        </header>
        <div className="viewer-body">
          <nav className="viewer-thumbs" aria-label={t('ui.viewer.thumbnails')} data-testid="viewer-thumbs">
            {source
              ? Array.from({ length: count }, (_, i) => i + 1).map((n) => (
                  <button
                    key={n}
                    type="button"
                    className={n === page ? 'viewer-thumb current' : 'viewer-thumb'}
                    aria-current={n === page ? 'page' : undefined}
                    onClick={() => go(n)}
                    data-testid="viewer-thumb"
                  >
                    <PageImage source={source} n={n} width={THUMB_WIDTH} alt="" />
                    <span className="small">{t('ui.viewer.thumbnail', { page: n })}</span>
                  </button>
                ))
              : null}
          </nav>
          <div className="viewer-stage" data-testid="viewer-stage">
            {problem ? <p className="error">{problem}</p> : null}
            {!source && !problem ? <p className="muted">{t('ui.viewer.loading')}</p> : null}
            {source ? (
              // Turned a quarter, the page's box swaps its sides: the wrapper takes the turned size, the page is turned inside it.
              <div className="viewer-turn" style={quarter ? { width: `${zoom * 100}%`, aspectRatio: `${aspect} / 1` } : { width: `${zoom * 100}%` }}>
                <div
                  className="viewer-frame"
                  style={
                    quarter
                      ? { width: `${100 / aspect}%`, position: 'absolute', left: '50%', top: '50%', transform: `translate(-50%, -50%) rotate(${rotation}deg)` }
                      : { transform: rotation ? `rotate(${rotation}deg)` : undefined }
                  }
                  data-rotation={rotation}
                >
                  <PageImage source={source} n={page} width={MAIN_WIDTH} alt={t('ui.viewer.thumbnail', { page })} testId="viewer-page" onSize={setAspect} />
                  {pageHits.map((h, i) => (
                    <mark
                      key={i}
                      className="viewer-hit"
                      data-testid="viewer-hit"
                      style={{
                        left: `${(h.box[0] / h.width) * 100}%`,
                        top: `${(h.box[1] / h.height) * 100}%`,
                        width: `${(h.box[2] / h.width) * 100}%`,
                        height: `${(h.box[3] / h.height) * 100}%`,
                      }}
                    />
                  ))}
                </div>
              </div>
            ) : null}
          </div>
          <aside className="viewer-side" data-testid="viewer-contents">
            <h3 className="section-title">{t('ui.viewer.scans')}</h3>
            <ul className="viewer-scans">
              {scans.map((s) => (
                <li key={s.id}>
                  <button type="button" className={s.id === scan.id ? 'link current' : 'link'} aria-current={s.id === scan.id ? 'true' : undefined} onClick={() => onPick(s)}>
                    {s.itemSeq ? `${s.itemSeq}. ` : ''}
                    {s.name}
                  </button>
                </li>
              ))}
            </ul>
            <h3 className="section-title">{t('ui.viewer.contents')}</h3>
            <ol className="viewer-items">
              {items.map((item) => {
                const first = scans.find((s) => s.itemId === item.id);
                const mine = itemOf(scan)?.id === item.id;
                return (
                  <li key={item.id} className={mine ? 'current' : undefined}>
                    <span className="num">{item.seq}</span>
                    {first ? (
                      <button type="button" className="link" onClick={() => onPick(first)}>
                        {item.title}
                      </button>
                    ) : (
                      <span>{item.title}</span>
                    )}
                    <span className="muted small">{item.pages}</span>
                  </li>
                );
              })}
            </ol>
            <p className="muted small viewer-keys">{t('ui.viewer.keys')}</p>
          </aside>
        </div>
      </div>
    </div>
  );
}

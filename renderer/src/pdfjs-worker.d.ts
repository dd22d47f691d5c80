/** Vite's `?url` import: the built file's URL (pdf.js's worker, loaded same-origin). */
declare module 'pdfjs-dist/build/pdf.worker.min.mjs?url' {
  const url: string;
  export default url;
}

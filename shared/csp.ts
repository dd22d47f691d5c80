/**
 * The Content-Security-Policy every Dossier page is served with: by Electron's `app://`
 * protocol handler and by the browser-mode loopback server. One string, one place.
 *
 * - scripts only from our own origin (no inline script, no eval);
 * - inline styles allowed (React style props), but only same-origin style sheets;
 * - images from our origin plus data:/blob: (previews generated in the page);
 * - fetch/XHR/WebSocket only to our origin: no remote content at all;
 * - no plugins, no <base>, cannot be framed, no form submissions.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

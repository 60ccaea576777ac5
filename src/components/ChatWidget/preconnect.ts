/**
 * Opens a connection to the backend ahead of the first request (`<link rel="preconnect">`: DNS,
 * TCP and TLS, no request), so the session request that follows a click does not pay for them.
 * Called when the panel's code arrives, which happens on a hint of an open (pointer over the
 * toggle, a touch's first contact, keyboard focus) or on the open itself: a reader who never goes
 * near the chat pays nothing. Skipped when the reader asked to save data, and for the page's own
 * origin (already connected).
 */
export function preconnect(url: string): void {
  if (typeof document === 'undefined') return;
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return;
  let origin: string;
  try {
    origin = new URL(url, location.href).origin;
  } catch {
    return;
  }
  if (origin === location.origin || origin === 'null') return;
  const links = document.head.querySelectorAll<HTMLLinkElement>('link[rel="preconnect"]');
  if ([...links].some((link) => link.href.replace(/\/$/, '') === origin)) return;
  const link = document.createElement('link');
  link.rel = 'preconnect';
  link.href = origin;
  // The widget's requests are CORS requests without credentials: the anonymous connection pool.
  link.crossOrigin = 'anonymous';
  document.head.append(link);
}

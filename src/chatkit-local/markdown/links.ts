/**
 * The rules every link the element shows keeps, in an answer or in its Sources: which `href`s may
 * be followed (http(s), mailto, relative, `#`, judged as the URL parser reads them), which leave
 * the site (a new tab, no opener, no referrer, a hint for screen readers), and a link whose text is
 * a URL of another host says where it really goes. Small, and loaded with the element; the
 * Markdown reader that uses it comes after (`loader.ts`).
 */

/** True for links that leave the site (absolute http(s) URLs to another origin). */
export function isExternalHref(href: string, base: string = window.location.href): boolean {
  try {
    const url = new URL(href, base);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== new URL(base).origin
    );
  } catch {
    return false;
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^www\./, '');

/**
 * The host a link really goes to, when its text is a URL of another host (`[https://docs.ros.org]
 * (https://evil.example)`), else null. Hosts are compared as the URL parser writes them, so a
 * look-alike in another script shows in its `xn--` form.
 */
export function deceptiveHost(
  text: string,
  href: string,
  base = window.location.href,
): string | null {
  const written = text.trim();
  if (!/^(?:[a-z][a-z\d+.-]*:\/\/|www\.)\S+$/i.test(written)) return null;
  try {
    const claimed = new URL(/^www\./i.test(written) ? `http://${written}` : written);
    const real = new URL(href, base);
    if (!/^https?:$/.test(real.protocol)) return null;
    return hostOf(claimed) === hostOf(real) ? null : real.hostname;
  } catch {
    return null;
  }
}

/**
 * Marks a link as leaving the site when it does: new tab, no opener, no referrer, and a visually
 * hidden hint so screen reader users know a tab opens. Same-site links (the textbook's `/docs/`)
 * stay in the tab. A link whose text is a URL of another host says where it really goes.
 */
export function decorateLink(
  anchor: HTMLAnchorElement,
  newTabHint: string,
  doc: Document = anchor.ownerDocument,
): void {
  anchor.setAttribute('rel', 'noopener noreferrer');
  const href = anchor.getAttribute('href') ?? '';
  const shown = deceptiveHost(anchor.textContent ?? '', href);
  if (shown) anchor.append(` (${shown})`);
  if (isExternalHref(href)) {
    anchor.setAttribute('target', '_blank');
    const hint = doc.createElement('span');
    hint.className = 'ck-visually-hidden';
    hint.textContent = ` ${newTabHint}`;
    anchor.append(hint);
  } else {
    anchor.removeAttribute('target');
  }
}

const SCHEME = /^([^/?#:]+):/;
const SAFE_SCHEME = /^(?:https?|mailto)$/i;
const SAFE_PROTOCOL = /^(?:https?|mailto):$/;
/** Stands for the page: a relative link resolves to its http(s) origin. */
const BASE = 'https://base.invalid/';

/**
 * `href` when it may be followed: http(s), mailto, relative or `#`; null for anything else, judged
 * after removing whitespace and control characters anywhere (`java\tscript:`) and again by the URL
 * parser (a URL it rejects, such as `https://` or a control character in a host, is null too).
 */
export function allowedHref(href: string): string | null {
  const scheme = SCHEME.exec(href.replace(/[\0-\x20\x7f]+/g, ''));
  if (scheme && !SAFE_SCHEME.test(scheme[1] ?? '')) return null;
  let protocol: string;
  try {
    protocol = new URL(href, BASE).protocol;
  } catch {
    return null;
  }
  return SAFE_PROTOCOL.test(protocol) ? href : null;
}

/** A source's URL as an `href`: percent-encoded as the browser would, then judged as above. */
export function sourceHref(url: string): string | null {
  try {
    return allowedHref(encodeURI(url.trim()).replace(/%25/g, '%'));
  } catch {
    return null; // a lone surrogate
  }
}

/** Small DOM helpers shared by the element and its views. Nothing here runs at import time. */

const SVG_NS = 'http://www.w3.org/2000/svg';

let idCounter = 0;
export function uniqueId(prefix: string): string {
  idCounter += 1;
  return `ck-${prefix}-${idCounter}`;
}

/** `document.createElement` with a class name. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  return el;
}

/** A decorative stroke icon (hidden from assistive technology). */
export function icon(path: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '2');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const p = document.createElementNS(SVG_NS, 'path');
  p.setAttribute('d', path);
  svg.append(p);
  return svg;
}

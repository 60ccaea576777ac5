/**
 * Finding an element as a reader does, by role and accessible name, inside the page. Every driver
 * runs the same function (its source is sent with each query), so a row means the same thing in
 * every engine, whatever that engine's automation offers for ARIA queries (WebDriver classic: none).
 *
 * It covers what the journeys look for, not the whole of ARIA: explicit roles, the implicit roles of
 * the elements the widget and Docusaurus use, and names from aria-labelledby, aria-label, <label>s,
 * then text content. Only rendered elements count (not `hidden`, `display: none` or aria-hidden).
 */

/** A name to match: exactly (whitespace collapsed) or by a regular expression's source and flags. */
export type NameSpec = { exact: string } | { source: string; flags: string };

/** What to look for: a role, optionally its name, optionally inside the first match of a selector. */
export interface Target {
  role: string;
  name?: string | RegExp;
  /** A CSS selector the element must be inside (`openai-chatkit`, say). */
  within?: string;
}

export function nameSpec(name: string | RegExp | undefined): NameSpec | null {
  if (name === undefined) return null;
  return typeof name === 'string' ? { exact: name } : { source: name.source, flags: name.flags };
}

/** Describes a target for messages: `button "Open chat"`, `link /Isaac Sim/ in openai-chatkit`. */
export function describeTarget({ role, name, within }: Target): string {
  const named = name === undefined ? '' : typeof name === 'string' ? ` "${name}"` : ` ${name}`;
  return `${role}${named}${within ? ` in ${within}` : ''}`;
}

/**
 * Runs in the page (serialized: it must not use anything from outside its own body). Returns every
 * rendered element with that role and name, in document order.
 */
export function locateAll(role: string, name: NameSpec | null, within: string | null): Element[] {
  const scope: ParentNode | null = within ? document.querySelector(within) : document;
  if (!scope) return [];
  const textInputs = ['', 'text', 'search', 'email', 'url', 'tel'];
  const implicitRole = (el: Element): string | null => {
    const tag = el.localName;
    if (tag === 'button' || tag === 'summary') return 'button';
    if (tag === 'a' || tag === 'area') return el.hasAttribute('href') ? 'link' : null;
    if (tag === 'textarea') return 'textbox';
    if (tag === 'input') {
      const type = (el.getAttribute('type') ?? '').toLowerCase();
      if (textInputs.includes(type)) return 'textbox';
      return ['button', 'submit', 'reset'].includes(type) ? 'button' : null;
    }
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'dialog') return 'dialog';
    if (tag === 'output') return 'status';
    if (tag === 'nav') return 'navigation';
    if (tag === 'main') return 'main';
    return null;
  };
  const collapse = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const accessibleName = (el: Element): string => {
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) {
      return collapse(
        labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    }
    const label = el.getAttribute('aria-label');
    if (label) return collapse(label);
    const labels = (el as HTMLTextAreaElement).labels;
    if (labels && labels.length) return collapse([...labels].map((l) => l.textContent).join(' '));
    if (el.localName === 'textarea' || el.localName === 'input') {
      return collapse(el.getAttribute('placeholder') ?? el.getAttribute('title'));
    }
    return collapse(el.textContent) || collapse(el.getAttribute('title'));
  };
  const matches = (text: string) => {
    if (!name) return true;
    if ('exact' in name) return text === collapse(name.exact);
    return new RegExp(name.source, name.flags).test(text);
  };
  const rendered = (el: Element) => {
    if (el.closest('[aria-hidden="true"], [hidden], [inert]')) return false;
    const check = (el as HTMLElement).checkVisibility;
    if (typeof check === 'function' && !check.call(el, { visibilityProperty: true })) return false;
    return el.getClientRects().length > 0;
  };
  const found: Element[] = [];
  for (const el of scope.querySelectorAll('*')) {
    if ((el.getAttribute('role') ?? implicitRole(el)) !== role) continue;
    if (rendered(el) && matches(accessibleName(el))) found.push(el);
  }
  return found;
}

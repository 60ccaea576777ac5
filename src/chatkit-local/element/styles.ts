/**
 * The element's stylesheet. It is a constructable stylesheet adopted by the document (or the shadow
 * root the element lives in) once, so a strict CSP needs no 'unsafe-inline' and nothing is injected
 * per instance. Colours come from Infima's variables, so the surface matches the Docusaurus site; the
 * element's own `data-color-scheme` wins when it disagrees with the page's `data-theme`.
 */

const LIGHT_FALLBACKS = {
  bg: '#ffffff',
  fg: '#1c1e21',
  surface: '#f5f6f7',
  surfaceStrong: '#ebedf0',
  border: '#8d949e',
  muted: '#606770',
  accent: '#2e6b4f',
  accentFg: '#ffffff',
  danger: '#b3261e',
  dangerBg: '#ffebec',
  warningBg: '#fff8e6',
  warningFg: '#4d3800',
};

const DARK_FALLBACKS = {
  bg: '#1b1b1d',
  fg: '#e3e3e3',
  surface: '#242526',
  surfaceStrong: '#2f3031',
  border: '#8d949e',
  muted: '#a7aaad',
  accent: '#6cc49a',
  accentFg: '#0b1f16',
  danger: '#ff8a80',
  dangerBg: '#4b1113',
  warningBg: '#4d3800',
  warningFg: '#fff8e6',
};

type Palette = typeof LIGHT_FALLBACKS;

/**
 * Palette that follows Infima (the page's theme matches ours), with our values as fallbacks.
 * The element is a surface: Infima's light body background is transparent, its surface colour is not.
 */
function infimaPalette(p: Palette): string {
  return `
  --ck-bg: var(--ifm-background-surface-color, ${p.bg});
  --ck-fg: var(--ifm-font-color-base, ${p.fg});
  --ck-surface: var(--ifm-color-emphasis-100, ${p.surface});
  --ck-surface-strong: var(--ifm-color-emphasis-200, ${p.surfaceStrong});
  --ck-border: ${p.border};
  --ck-muted: var(--ifm-color-emphasis-700, ${p.muted});
  --ck-accent: var(--ifm-color-primary, ${p.accent});
  --ck-accent-fg: var(--ifm-font-color-base-inverse, ${p.accentFg});
  --ck-danger: var(--ifm-color-danger, ${p.danger});
  --ck-danger-bg: var(--ifm-color-danger-contrast-background, ${p.dangerBg});
  --ck-warning-bg: var(--ifm-color-warning-contrast-background, ${p.warningBg});
  --ck-warning-fg: var(--ifm-color-warning-contrast-foreground, ${p.warningFg});`;
}

/** Palette that ignores the page (the host asked for the other scheme than the page shows). */
function fixedPalette(p: Palette): string {
  return `
  --ck-bg: ${p.bg};
  --ck-fg: ${p.fg};
  --ck-surface: ${p.surface};
  --ck-surface-strong: ${p.surfaceStrong};
  --ck-border: ${p.border};
  --ck-muted: ${p.muted};
  --ck-accent: ${p.accent};
  --ck-accent-fg: ${p.accentFg};
  --ck-danger: ${p.danger};
  --ck-danger-bg: ${p.dangerBg};
  --ck-warning-bg: ${p.warningBg};
  --ck-warning-fg: ${p.warningFg};`;
}

export const CHATKIT_LOCAL_CSS = `
[data-ck-host] {
  display: block;
  height: 100%;
  min-height: 0;
  ${infimaPalette(LIGHT_FALLBACKS)}
  color-scheme: light;
}
[data-ck-host][data-color-scheme='dark'] {
  ${fixedPalette(DARK_FALLBACKS)}
  color-scheme: dark;
}
[data-theme='dark'] [data-ck-host][data-color-scheme='dark'] {
  ${infimaPalette(DARK_FALLBACKS)}
}
[data-theme='dark'] [data-ck-host]:not([data-color-scheme='dark']) {
  ${fixedPalette(LIGHT_FALLBACKS)}
}

[data-ck-host] .ck-surface {
  box-sizing: border-box;
  display: flex;
  flex-direction: column;
  height: 100%;
  min-height: 0;
  background: var(--ck-bg);
  color: var(--ck-fg);
  font-family: var(--ifm-font-family-base, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  font-size: 0.9375rem;
  line-height: 1.5;
  overflow: hidden;
}
[data-ck-host] .ck-surface *,
[data-ck-host] .ck-surface *::before,
[data-ck-host] .ck-surface *::after {
  box-sizing: border-box;
}

/* Layout rules below set display on elements that the element hides with the hidden attribute. */
[data-ck-host] [hidden] {
  display: none !important;
}

[data-ck-host] .ck-visually-hidden {
  position: absolute !important;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  clip-path: inset(50%);
  white-space: nowrap;
  border: 0;
}

[data-ck-host] .ck-header {
  display: flex;
  align-items: center;
  gap: 0.5rem;
  flex: none;
  min-height: 3rem;
  padding-block: 0.5rem;
  padding-inline: 1rem 0.5rem;
  border-block-end: 1px solid var(--ck-surface-strong);
}
[data-ck-host] .ck-title {
  flex: 1;
  min-width: 0;
  margin: 0;
  font-size: 1rem;
  font-weight: 600;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}

[data-ck-host] .ck-icon-button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  flex: none;
  width: 2.5rem;
  height: 2.5rem;
  padding: 0;
  border: 0;
  border-radius: 999px;
  background: transparent;
  color: var(--ck-fg);
  cursor: pointer;
}
[data-ck-host] .ck-icon-button:hover {
  background: var(--ck-surface-strong);
}
[data-ck-host] .ck-icon-button svg {
  width: 1.25rem;
  height: 1.25rem;
}

[data-ck-host] button:focus-visible,
[data-ck-host] a:focus-visible,
[data-ck-host] textarea:focus-visible,
[data-ck-host] [tabindex='0']:focus-visible {
  outline: 2px solid var(--ck-accent);
  outline-offset: 2px;
}

[data-ck-host] .ck-main {
  position: relative;
  display: flex;
  flex-direction: column;
  flex: 1;
  min-height: 0;
}

[data-ck-host] .ck-start {
  display: flex;
  flex-direction: column;
  justify-content: flex-end;
  gap: 1rem;
  flex: 1;
  min-height: 0;
  overflow-y: auto;
  padding: 1rem;
}
[data-ck-host] .ck-greeting {
  margin: 0;
  font-size: 1.25rem;
  font-weight: 600;
  line-height: 1.3;
}
[data-ck-host] .ck-prompts {
  display: flex;
  flex-direction: column;
  gap: 0.5rem;
  margin: 0;
  padding: 0;
  list-style: none;
}
[data-ck-host] .ck-prompt {
  width: 100%;
  min-height: 2.75rem;
  padding: 0.5rem 0.875rem;
  border: 1px solid var(--ck-border);
  border-radius: var(--ifm-global-radius, 0.4rem);
  background: var(--ck-bg);
  color: var(--ck-fg);
  font: inherit;
  text-align: start;
  cursor: pointer;
}
[data-ck-host] .ck-prompt:hover:not(:disabled) {
  background: var(--ck-surface);
  border-color: var(--ck-accent);
}
[data-ck-host] .ck-prompt:disabled {
  cursor: default;
  opacity: 0.7;
}

[data-ck-host] .ck-thread {
  display: flex;
  flex-direction: column;
  gap: 1rem;
  flex: 1;
  min-height: 0;
  overflow-y: auto;
  overscroll-behavior: contain;
  padding: 1rem;
  /* Answers are model output: nothing in them may draw outside the thread. Paint containment
     clips to the thread's box and makes it the containing block of fixed and absolute
     descendants, so even a page style that positions an element cannot cover the header, the
     composer or their buttons; isolation keeps z-index inside it. */
  contain: paint;
  isolation: isolate;
}
[data-ck-host] .ck-thread:empty,
[data-ck-host] .ck-start:not([hidden]) + .ck-thread:not(:has(> *)) {
  flex: 0 0 auto;
  padding: 0;
}

[data-ck-host] .ck-message {
  max-width: 100%;
  overflow-wrap: anywhere;
}
[data-ck-host] .ck-message--user {
  align-self: flex-end;
  max-width: 85%;
  padding: 0.5rem 0.875rem;
  border-radius: 1.125rem;
  border-end-end-radius: 0.25rem;
  background: var(--ck-accent);
  color: var(--ck-accent-fg);
  white-space: pre-wrap;
}
[data-ck-host] .ck-message--assistant {
  align-self: stretch;
}
[data-ck-host] .ck-streaming {
  white-space: pre-wrap;
}
[data-ck-host] .ck-markdown > :first-child {
  margin-block-start: 0;
}
[data-ck-host] .ck-markdown > :last-child {
  margin-block-end: 0;
}
[data-ck-host] .ck-markdown p,
[data-ck-host] .ck-markdown ul,
[data-ck-host] .ck-markdown ol,
[data-ck-host] .ck-markdown pre,
[data-ck-host] .ck-markdown blockquote,
[data-ck-host] .ck-markdown .ck-table-wrap {
  margin-block: 0 0.75rem;
}
[data-ck-host] .ck-markdown ul,
[data-ck-host] .ck-markdown ol {
  padding-inline-start: 1.5rem;
}
[data-ck-host] .ck-markdown h3,
[data-ck-host] .ck-markdown h4,
[data-ck-host] .ck-markdown h5,
[data-ck-host] .ck-markdown h6 {
  margin-block: 1rem 0.5rem;
  font-size: 1rem;
  line-height: 1.3;
}
[data-ck-host] .ck-markdown a,
[data-ck-host] .ck-sources a {
  color: var(--ck-accent);
  text-decoration: underline;
  text-underline-offset: 0.15em;
}
[data-ck-host] .ck-markdown code {
  padding: 0.1em 0.3em;
  border-radius: 0.25rem;
  background: var(--ck-surface-strong);
  font-family: var(--ifm-font-family-monospace, ui-monospace, SFMono-Regular, Menlo, monospace);
  font-size: 0.875em;
}
[data-ck-host] .ck-markdown pre {
  padding: 0.75rem;
  border-radius: var(--ifm-global-radius, 0.4rem);
  background: var(--ck-surface-strong);
  overflow-x: auto;
  white-space: pre;
  overflow-wrap: normal;
}
[data-ck-host] .ck-markdown pre code {
  padding: 0;
  background: none;
  font-size: 0.8125rem;
}
[data-ck-host] .ck-markdown blockquote {
  padding-inline-start: 0.75rem;
  border-inline-start: 3px solid var(--ck-border);
  color: var(--ck-muted);
}
[data-ck-host] .ck-table-wrap {
  max-width: 100%;
  overflow-x: auto;
}
[data-ck-host] .ck-markdown table {
  border-collapse: collapse;
}
[data-ck-host] .ck-markdown th,
[data-ck-host] .ck-markdown td {
  padding: 0.25rem 0.5rem;
  border: 1px solid var(--ck-border);
  text-align: start;
}

[data-ck-host] .ck-sources {
  margin-block-start: 0.75rem;
  padding-block-start: 0.5rem;
  border-block-start: 1px solid var(--ck-surface-strong);
  font-size: 0.875rem;
}
[data-ck-host] .ck-sources-label {
  margin: 0 0 0.25rem;
  color: var(--ck-muted);
  font-weight: 600;
}
[data-ck-host] .ck-sources ul {
  margin: 0;
  /* Both sides: a source in the other direction than the UI puts its bullet on the other side. */
  padding-inline: 1.25rem;
}

/* The page's own blockquote style (Infima: a physical left border, a shadow, its colour) stays out. */
[data-ck-host] blockquote {
  border: 0;
  box-shadow: none;
}
[data-ck-host] .ck-user-quote {
  margin: 0 0 0.375rem;
  padding-block: 0;
  padding-inline: 0.5rem 0;
  border-inline-start: 2px solid color-mix(in srgb, var(--ck-accent-fg) 60%, transparent);
  color: inherit;
  font-size: 0.875rem;
  display: -webkit-box;
  -webkit-box-orient: vertical;
  -webkit-line-clamp: 4;
  line-clamp: 4;
  overflow: hidden;
  /* A quoted code block keeps its lines (one-line passages have none), each in its direction. */
  white-space: pre-wrap;
}
[data-ck-host] .ck-user-quote--lines {
  unicode-bidi: plaintext;
  text-align: start;
}
/* The passage's \`dir=auto\` would isolate it whole, direction and all: here its lines decide. */
[data-ck-host] .ck-user-quote--lines > span,
[data-ck-host] .ck-quote-text--lines > span {
  unicode-bidi: normal;
}

[data-ck-host] .ck-markdown .ck-code {
  margin-block: 0 0.75rem;
}
[data-ck-host] .ck-markdown > .ck-code:last-child {
  margin-block-end: 0;
}
[data-ck-host] .ck-code {
  display: flex;
  flex-direction: column;
}
[data-ck-host] .ck-markdown .ck-code pre {
  margin: 0;
}
[data-ck-host] .ck-code-copy {
  align-self: flex-end;
  min-height: 1.75rem;
  margin-block-end: 0.25rem;
  padding: 0.125rem 0.625rem;
  border: 1px solid var(--ck-border);
  border-radius: 999px;
  background: var(--ck-bg);
  color: var(--ck-fg);
  font: inherit;
  font-size: 0.75rem;
  cursor: pointer;
  user-select: none;
}
[data-ck-host] .ck-code-copy::before {
  content: attr(data-label);
}
[data-ck-host] .ck-code-copy:hover {
  background: var(--ck-surface);
}

[data-ck-host] .ck-stopped {
  margin: 0.375rem 0 0;
  color: var(--ck-muted);
  font-size: 0.8125rem;
}
[data-ck-host] .ck-stopped--alone {
  margin: 0;
}
[data-ck-host] .ck-actions {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.125rem;
  margin-block-start: 0.375rem;
  margin-inline-start: -0.375rem;
}
[data-ck-host] .ck-action {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 2rem;
  height: 2rem;
  padding: 0;
  border: 0;
  border-radius: 0.5rem;
  background: transparent;
  color: var(--ck-muted);
  cursor: pointer;
}
[data-ck-host] .ck-action:hover {
  background: var(--ck-surface-strong);
  color: var(--ck-fg);
}
[data-ck-host] .ck-action[aria-pressed='true'] {
  background: var(--ck-surface-strong);
  color: var(--ck-accent);
}
[data-ck-host] .ck-action[aria-pressed='true'] svg {
  fill: color-mix(in srgb, currentColor 25%, transparent);
}
[data-ck-host] .ck-action svg {
  width: 1rem;
  height: 1rem;
}
[data-ck-host] .ck-action-note {
  padding-inline: 0.25rem;
  color: var(--ck-muted);
  font-size: 0.8125rem;
}
[data-ck-host] .ck-action-note:empty {
  display: none;
}
[data-ck-host] .ck-action-note--problem {
  color: var(--ck-fg);
}
[data-ck-host] .ck-stopped {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.25rem 0.5rem;
}
/* "Not helpful": what was wrong, under the actions. */
[data-ck-host] .ck-feedback-reason {
  display: grid;
  gap: 0.5rem;
  margin-block-start: 0.5rem;
  padding: 0.625rem 0.75rem;
  border: 1px solid var(--ck-border);
  border-radius: 0.75rem;
}
[data-ck-host] .ck-feedback-reason-question {
  margin: 0;
  font-size: 0.875rem;
  font-weight: 600;
}
[data-ck-host] .ck-feedback-reason-chips,
[data-ck-host] .ck-feedback-reason-buttons {
  display: flex;
  flex-wrap: wrap;
  gap: 0.375rem;
}
[data-ck-host] .ck-feedback-reason-chip,
[data-ck-host] .ck-feedback-reason-skip {
  min-height: 1.75rem;
  padding: 0.125rem 0.75rem;
  border: 1px solid var(--ck-border);
  border-radius: 999px;
  background: var(--ck-bg);
  color: var(--ck-fg);
  font: inherit;
  font-size: 0.8125rem;
  cursor: pointer;
}
[data-ck-host] .ck-feedback-reason-chip[aria-pressed='true'] {
  border-color: var(--ck-accent);
  background: var(--ck-accent);
  color: var(--ck-accent-fg);
}
[data-ck-host] .ck-feedback-reason-skip {
  border-color: transparent;
  color: var(--ck-muted);
}
[data-ck-host] .ck-feedback-reason-note {
  min-height: 2.5rem;
  padding: 0.375rem 0.625rem;
  border: 1px solid var(--ck-border);
  border-radius: 0.5rem;
  background: var(--ck-bg);
  color: var(--ck-fg);
  font: inherit;
  font-size: 0.875rem;
  resize: vertical;
  unicode-bidi: plaintext;
}
[data-ck-host] .ck-feedback-reason-note::placeholder {
  color: var(--ck-muted);
  opacity: 1;
}

[data-ck-host] .ck-action-retry,
[data-ck-host] .ck-regenerate {
  min-height: 1.75rem;
  padding: 0.125rem 0.75rem;
  border: 1px solid var(--ck-fg);
  border-radius: 999px;
  background: var(--ck-bg);
  color: var(--ck-fg);
  font: inherit;
  font-size: 0.8125rem;
  font-weight: 600;
  cursor: pointer;
}

[data-ck-host] .ck-tag {
  padding: 0 0.375em;
  border-radius: 0.375rem;
  background: color-mix(in srgb, var(--ck-accent-fg) 22%, transparent);
  font-weight: 600;
  white-space: nowrap;
}

[data-ck-host] .ck-workflow {
  align-self: stretch;
  font-size: 0.875rem;
}
[data-ck-host] .ck-workflow-toggle {
  display: inline-flex;
  align-items: center;
  gap: 0.25rem;
  min-height: 2rem;
  max-width: 100%;
  margin: 0;
  padding-block: 0.25rem;
  padding-inline: 0 0.5rem;
  border: 0;
  border-radius: var(--ifm-global-radius, 0.4rem);
  background: transparent;
  color: var(--ck-muted);
  font: inherit;
  text-align: start;
  cursor: pointer;
}
[data-ck-host] .ck-workflow-toggle:hover {
  color: var(--ck-fg);
}
[data-ck-host] .ck-workflow-toggle svg {
  flex: none;
  width: 1rem;
  height: 1rem;
  transition: transform 0.15s ease-out;
}
[data-ck-host] .ck-workflow-toggle[aria-expanded='true'] svg {
  transform: rotate(90deg);
}
[data-ck-host][dir='rtl'] .ck-workflow-toggle[aria-expanded='false'] svg {
  transform: scaleX(-1);
}
[data-ck-host] .ck-workflow--live .ck-workflow-label {
  animation: ck-pulse 1.6s ease-in-out infinite;
}
[data-ck-host] .ck-workflow-tasks {
  display: flex;
  flex-direction: column;
  gap: 0.5rem;
  margin-block-start: 0.25rem;
  padding-block: 0.25rem;
  padding-inline: 0.75rem 0;
  border-inline-start: 2px solid var(--ck-surface-strong);
  color: var(--ck-muted);
}
[data-ck-host] .ck-task {
  overflow-wrap: anywhere;
}
[data-ck-host] .ck-task-title {
  margin: 0;
  color: var(--ck-fg);
  font-weight: 600;
}
[data-ck-host] .ck-workflow-tasks .ck-task-content:not(.ck-markdown) {
  white-space: pre-wrap;
}
[data-ck-host] .ck-task-line {
  align-self: stretch;
  color: var(--ck-muted);
  font-size: 0.875rem;
}
[data-ck-host] .ck-task-line .ck-task-title {
  font-weight: 500;
}
[data-ck-host] .ck-task--loading > .ck-task-title::before,
[data-ck-host] .ck-task--complete > .ck-task-title::before {
  content: '';
  display: inline-block;
  width: 0.5rem;
  height: 0.5rem;
  margin-inline-end: 0.375rem;
  border-radius: 50%;
  vertical-align: 0.1em;
  background: var(--ck-muted);
}
[data-ck-host] .ck-task--loading > .ck-task-title::before {
  animation: ck-pulse 1.2s ease-in-out infinite;
}
[data-ck-host] .ck-task--complete > .ck-task-title::before {
  background: var(--ck-accent);
}

[data-ck-host] .ck-note {
  margin: 0;
  padding: 0.5rem 0.75rem;
  border: 1px dashed var(--ck-border);
  border-radius: var(--ifm-global-radius, 0.4rem);
  color: var(--ck-muted);
  font-size: 0.875rem;
}

[data-ck-host] .ck-progress {
  color: var(--ck-muted);
  font-size: 0.875rem;
  font-style: italic;
}

[data-ck-host] .ck-notice,
[data-ck-host] .ck-error {
  padding: 0.5rem 0.75rem;
  border-radius: var(--ifm-global-radius, 0.4rem);
  border-inline-start: 4px solid var(--ck-border);
  background: var(--ck-surface);
  font-size: 0.875rem;
}
[data-ck-host] .ck-notice--warning {
  border-inline-start-color: var(--ck-warning-fg);
  background: var(--ck-warning-bg);
  color: var(--ck-warning-fg);
}
[data-ck-host] .ck-notice--danger,
[data-ck-host] .ck-error {
  border-inline-start-color: var(--ck-danger);
  background: var(--ck-danger-bg);
  color: var(--ck-fg);
}
[data-ck-host] .ck-notice-title {
  font-weight: 600;
}
[data-ck-host] .ck-error {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 0.5rem;
}
[data-ck-host] .ck-error p {
  margin: 0;
}
[data-ck-host] .ck-retry {
  min-height: 2.25rem;
  padding: 0.25rem 0.875rem;
  border: 1px solid var(--ck-fg);
  border-radius: 999px;
  background: var(--ck-bg);
  color: var(--ck-fg);
  font: inherit;
  font-weight: 600;
  cursor: pointer;
}

[data-ck-host] .ck-typing {
  display: flex;
  gap: 0.25rem;
  align-items: center;
  min-height: 1.5rem;
  opacity: 0;
  animation: ck-fade-in 0.2s ease-out 0.15s forwards;
}
[data-ck-host] .ck-typing-dot {
  width: 0.5rem;
  height: 0.5rem;
  border-radius: 50%;
  background: var(--ck-muted);
  animation: ck-bounce 1.2s ease-in-out infinite;
}
[data-ck-host] .ck-typing-dot:nth-child(2) {
  animation-delay: 0.15s;
}
[data-ck-host] .ck-typing-dot:nth-child(3) {
  animation-delay: 0.3s;
}
@keyframes ck-fade-in {
  to {
    opacity: 1;
  }
}
@keyframes ck-pulse {
  50% {
    opacity: 0.45;
  }
}
@keyframes ck-bounce {
  0%,
  80%,
  100% {
    transform: translateY(0);
    opacity: 0.5;
  }
  40% {
    transform: translateY(-0.25rem);
    opacity: 1;
  }
}
@media (prefers-reduced-motion: reduce) {
  [data-ck-host] .ck-typing,
  [data-ck-host] .ck-typing-dot,
  [data-ck-host] .ck-workflow--live .ck-workflow-label,
  [data-ck-host] .ck-task--loading > .ck-task-title::before {
    animation: none;
    opacity: 1;
  }
  [data-ck-host] .ck-workflow-toggle svg {
    transition: none;
  }
}

[data-ck-host] .ck-composer {
  display: flex;
  flex-direction: column;
  gap: 0.5rem;
  flex: none;
  margin: 0;
  padding: 0.5rem 0.75rem 0.75rem;
  border-block-start: 1px solid var(--ck-surface-strong);
}
[data-ck-host] .ck-composer-row {
  display: flex;
  align-items: flex-end;
  gap: 0.5rem;
}
[data-ck-host] .ck-quote {
  display: flex;
  align-items: flex-start;
  gap: 0.25rem;
  padding-block: 0.25rem;
  padding-inline: 0.625rem 0.25rem;
  border-inline-start: 3px solid var(--ck-accent);
  border-radius: 0.375rem;
  background: var(--ck-surface);
}
[data-ck-host] .ck-quote-text {
  flex: 1;
  min-width: 0;
  margin: 0;
  padding-block: 0.25rem;
  padding-inline: 0;
  color: var(--ck-fg);
  font-size: 0.875rem;
  line-height: 1.4;
  overflow-wrap: anywhere;
  display: -webkit-box;
  -webkit-box-orient: vertical;
  -webkit-line-clamp: 3;
  line-clamp: 3;
  overflow: hidden;
}
/* A quote of several lines (a code block): its lines and indentation, at most about eight lines
   high, the rest scrolled to. */
[data-ck-host] .ck-quote-text--lines {
  display: block;
  max-height: calc(8 * 1.4em + 0.5rem);
  overflow: auto;
  white-space: pre-wrap;
  tab-size: 4;
  /* Each line takes its own direction and starts on its side: code is left to right on an Urdu
     page too (the hidden label, out of flow, does not count). */
  unicode-bidi: plaintext;
  text-align: start;
  font-family: var(--ifm-font-family-monospace, ui-monospace, SFMono-Regular, Menlo, monospace);
  font-size: 0.8125rem;
  -webkit-line-clamp: none;
  line-clamp: none;
}
[data-ck-host] .ck-quote-remove {
  width: 2rem;
  height: 2rem;
}
[data-ck-host] .ck-quote-remove svg {
  width: 1rem;
  height: 1rem;
}
[data-ck-host] .ck-disclaimer {
  flex: none;
  margin-block-start: -0.25rem;
  padding-block: 0 0.5rem;
  padding-inline: 0.75rem;
  color: var(--ck-muted);
  font-size: 0.75rem;
  line-height: 1.4;
  text-align: center;
}
[data-ck-host] .ck-disclaimer p {
  margin: 0;
}
[data-ck-host] .ck-disclaimer a {
  color: inherit;
  text-decoration: underline;
}
/* Naskh reads smaller than Latin at the same size. */
[data-ck-host]:lang(ur) .ck-disclaimer {
  font-size: 0.8125rem;
}
[data-ck-host] .ck-disclaimer--high-contrast {
  color: var(--ck-fg);
}
[data-ck-host] .ck-input {
  flex: 1;
  min-width: 0;
  min-height: 2.75rem;
  max-height: 8rem;
  padding: 0.625rem 0.875rem;
  border: 1px solid var(--ck-border);
  border-radius: 1.375rem;
  background: var(--ck-bg);
  color: var(--ck-fg);
  font: inherit;
  line-height: 1.4;
  resize: none;
  field-sizing: content;
  /* Each typed line takes its own direction (an English question in the Urdu UI); an empty one,
     and the placeholder, keep the UI's. */
  unicode-bidi: plaintext;
}
[data-ck-host] .ck-input::placeholder {
  color: var(--ck-muted);
  opacity: 1;
}
[data-ck-host] .ck-input:focus-visible {
  outline-offset: 0;
  border-color: var(--ck-accent);
}
[data-ck-host] .ck-send {
  width: 2.75rem;
  height: 2.75rem;
  background: var(--ck-accent);
  color: var(--ck-accent-fg);
}
[data-ck-host] .ck-send:hover:not(:disabled) {
  background: var(--ck-accent);
  filter: brightness(1.1);
}
[data-ck-host] .ck-send--stop svg {
  fill: currentColor;
}
[data-ck-host] .ck-send:disabled {
  background: var(--ck-surface-strong);
  color: var(--ck-muted);
  cursor: default;
}

[data-ck-host] .ck-loading {
  margin: 0;
  color: var(--ck-muted);
}
`;

let sheet: CSSStyleSheet | null | undefined;
const adoptedRoots = new WeakSet<Document | ShadowRoot>();

function getSheet(): CSSStyleSheet | null {
  if (sheet !== undefined) return sheet;
  try {
    const created = new CSSStyleSheet();
    created.replaceSync(CHATKIT_LOCAL_CSS);
    sheet = created;
  } catch {
    // Environments without constructable stylesheets (jsdom, very old browsers) render unstyled.
    sheet = null;
  }
  return sheet;
}

/** Adopts the stylesheet into the document or shadow root holding `node`, once per root. */
export function adoptChatKitStyles(node: Node): void {
  const root = node.getRootNode();
  const target =
    root instanceof Document || (typeof ShadowRoot !== 'undefined' && root instanceof ShadowRoot)
      ? root
      : null;
  if (!target || adoptedRoots.has(target) || !('adoptedStyleSheets' in target)) return;
  const css = getSheet();
  if (!css) return;
  adoptedRoots.add(target);
  target.adoptedStyleSheets = [...target.adoptedStyleSheets, css];
}

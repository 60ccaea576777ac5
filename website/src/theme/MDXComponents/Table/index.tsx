import type { ComponentProps, ReactNode } from 'react';

/**
 * A Markdown table that keyboard users can scroll. Infima lets wide tables scroll sideways on
 * narrow screens, and a scroll container must be focusable to be scrolled without a pointer
 * (WCAG 2.1.1). The table itself takes focus, rather than a named wrapper region, so several
 * tables on one page do not become indistinguishable landmarks.
 */
export default function Table(props: ComponentProps<'table'>): ReactNode {
  // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
  return <table tabIndex={0} {...props} />;
}

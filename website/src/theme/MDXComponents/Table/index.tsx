import type { ComponentProps, ReactNode } from 'react';
import { translate } from '@docusaurus/Translate';
import styles from './styles.module.css';

/**
 * A Markdown table inside a focusable scroll region, so keyboard users can scroll wide tables on
 * narrow screens (WCAG 2.1.1). The region is named so screen readers announce what it holds.
 */
export default function Table(props: ComponentProps<'table'>): ReactNode {
  return (
    <div
      className={styles.scroll}
      role="region"
      // A scroll container must be focusable to be scrollable from the keyboard.
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      aria-label={translate({
        id: 'theme.markdown.table.regionLabel',
        message: 'Table',
        description: 'Accessible name of the scrollable region around a Markdown table',
      })}
    >
      <table {...props} />
    </div>
  );
}

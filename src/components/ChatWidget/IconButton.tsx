import type { ButtonHTMLAttributes, Ref } from 'react';

export interface IconButtonProps extends Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  'aria-label' | 'title' | 'children'
> {
  /** The button's accessible name, also its tooltip. */
  label: string;
  /** The icon: SVG path data on a 24 × 24 grid, drawn in the text's colour. */
  path: string;
  /** @default 2 */
  strokeWidth?: number;
  /** How open line ends are drawn. @default 'round' */
  cap?: 'round' | 'butt';
  /** Shown after the icon, hidden from assistive technology (the label names the button). */
  text?: string;
  ref?: Ref<HTMLButtonElement>;
}

/**
 * A button that shows an icon (and optionally a short word beside it), named by `label` for screen
 * readers and as a tooltip: the panel header's History, Copy, New and Close, and the history's
 * Rename and Delete.
 */
export function IconButton({
  label,
  path,
  strokeWidth = 2,
  cap = 'round',
  text,
  ref,
  ...button
}: IconButtonProps) {
  return (
    <button ref={ref} type="button" aria-label={label} title={label} {...button}>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d={path}
          stroke="currentColor"
          strokeWidth={strokeWidth}
          fill="none"
          strokeLinecap={cap}
          strokeLinejoin="round"
        />
      </svg>
      {text !== undefined && <span aria-hidden="true">{text}</span>}
    </button>
  );
}

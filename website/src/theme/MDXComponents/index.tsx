// Adds a keyboard-scrollable wrapper around Markdown tables; everything else is the theme's own.
import MDXComponents from '@theme-original/MDXComponents';
import Table from './Table';

export default {
  ...MDXComponents,
  table: Table,
};

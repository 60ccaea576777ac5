// `npm run bench` only (variant 'none', swapped in by ./docusaurus.config.ts): the site without the
// chat widget, the floor that the widget's added bytes are measured against. Ordinary builds never
// see this file.
import type { ReactNode } from 'react';

export default function Root({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

// `npm run bench` only (BENCH_ROOT_VARIANT=none): the site without the chat widget, the floor that
// the widget's added bytes are measured against. Ordinary builds never use this file.
import type { ReactNode } from 'react';

export default function Root({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

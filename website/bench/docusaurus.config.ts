/**
 * The site's config for `npm run bench` builds only (`docusaurus build --config
 * bench/docusaurus.config.ts`, run by scripts/bench/build.ts): the site's own config, plus a plugin
 * that swaps the `@theme/Root` module for one of this folder's variants. BENCH_ROOT_VARIANT picks it:
 * 'none' (no widget: the floor), 'naive' (the seed plan's eager wiring) or 'widget' (the site's own
 * Root, unchanged). Ordinary builds read ../docusaurus.config.ts, which knows nothing of this.
 */
import type { Config, PluginConfig } from '@docusaurus/types';
import site from '../docusaurus.config';

const ROOTS: Record<string, string | null> = {
  widget: null,
  none: 'bench/RootNoWidget.tsx',
  naive: 'bench/RootNaive.tsx',
};

const variant = process.env.BENCH_ROOT_VARIANT ?? 'widget';
const root = ROOTS[variant];
if (root === undefined) {
  throw new Error(
    `BENCH_ROOT_VARIANT must be one of ${Object.keys(ROOTS).join(', ')}; got "${variant}".`,
  );
}

const benchRoot: PluginConfig = (context) => ({
  name: 'bench-root-variant',
  configureWebpack: ({ cache }) => ({
    // The bundler's persistent cache does not notice a changed alias, so each variant keeps its own.
    ...(typeof cache === 'object' &&
      cache.type === 'filesystem' && {
        cache: { ...cache, name: `${cache.name ?? 'cache'}-bench-${variant}` },
      }),
    ...(root && { resolve: { alias: { '@theme/Root': `${context.siteDir}/${root}` } } }),
  }),
});

const config: Config = { ...site, plugins: [...(site.plugins ?? []), benchRoot] };

export default config;

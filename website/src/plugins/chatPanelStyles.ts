/**
 * Keeps the chat panel's styles with the panel's code. Docusaurus puts every CSS module of the site
 * into one stylesheet that every page loads (its `styles` cache group, against lazy CSS loading in
 * different orders: facebook/docusaurus#2006). The panel's parts are never rendered on the server and
 * load only on the first open (or a hint of one), so their CSS can load with them: this cache group
 * takes the CSS modules of the lazily loaded parts into an async chunk of their own, fetched beside
 * the panel's code. The toggle's and the shell's styles (server-rendered on every page) stay in the
 * site's stylesheet. Without it, every page would pay about 1.8 KB gzip of CSS it may never use.
 */
import type { PluginConfig } from '@docusaurus/types';

/** CSS modules of the parts that only ever load after the first open (or the first selection). */
export const LAZY_PART_STYLES =
  /[\\/]src[\\/]components[\\/](ChatWidget[\\/](ChatDialog|ChatWidgetPanel|ErrorPanel|RetryPanel|ResponseIndicator)[\\/]|ChatWidget[\\/]ui\.module\.css|AskAboutSelection[\\/]AskButton\.module\.css)/;

export const chatPanelStyles: PluginConfig = () => ({
  name: 'chat-panel-styles',
  configureWebpack: (_config, isServer) =>
    isServer
      ? {}
      : {
          optimization: {
            splitChunks: {
              cacheGroups: {
                chatPanelStyles: {
                  name: 'chat-panel-styles',
                  type: 'css/mini-extract',
                  test: LAZY_PART_STYLES,
                  chunks: 'async',
                  enforce: true,
                  // Above Docusaurus's `styles` group (50), which would take them otherwise.
                  priority: 60,
                },
              },
            },
          },
        },
});

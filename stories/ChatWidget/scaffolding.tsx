/**
 * Scaffolding for the stories of the widget's parts: the textbook page behind them, the widget's
 * root element (it defines the CSS variables every part reads) and, for what lives inside the
 * panel, the panel itself, so designers judge each part where readers meet it.
 */
import type { Decorator } from '@storybook/react-vite';
import type { CSSProperties, ReactNode } from 'react';
import { expect, waitFor } from 'storybook/test';
import { ChatDialog } from '../../src/components/ChatWidget/ChatDialog';
import { ChatToggle } from '../../src/components/ChatWidget/ChatToggle';
import styles from '../../src/components/ChatWidget/shell.module.css';
import { LOCALES, localeOf, siteTexts } from '../support/locale';
import { TextbookPage } from '../support/TextbookPage';

/** The panel id the toggle's `aria-controls` points at. */
export const PANEL_ID = 'chat-widget-panel';
export const PANEL_TITLE = 'Textbook assistant';

/** Stands in for callbacks of the scaffolding around the part a story is about. */
export const noop = () => {};

/** Visible to the reader, once the panel has faded in (it opens with a short animation). */
export const expectVisible = (element: HTMLElement) => waitFor(() => expect(element).toBeVisible());

/**
 * The page, then the widget's root as the last thing on it (where the Docusaurus Root puts it).
 * `dir` and `lang` apply to the widget only: the sample page has no translation to mirror.
 */
export function InPage({
  dir,
  lang,
  children,
}: {
  dir?: 'ltr' | 'rtl' | undefined;
  lang?: string | undefined;
  children: ReactNode;
}) {
  return (
    <TextbookPage>
      <div className={styles.root} dir={dir} lang={lang}>
        {children}
      </div>
    </TextbookPage>
  );
}

const list: CSSProperties = {
  flex: 1,
  minBlockSize: 0,
  overflow: 'auto',
  margin: 0,
  padding: '12px 16px',
  listStyle: 'none',
  display: 'flex',
  flexDirection: 'column',
  gap: 10,
  fontSize: '0.9rem',
  lineHeight: 1.5,
};

const bubble = (mine: boolean): CSSProperties => ({
  alignSelf: mine ? 'flex-end' : 'flex-start',
  maxInlineSize: '85%',
  padding: '8px 12px',
  borderRadius: 12,
  background: mine ? 'var(--ifm-color-emphasis-200)' : 'transparent',
  border: mine ? 'none' : '1px solid var(--ifm-color-emphasis-300)',
});

/** Stand-in for the chat surface: a short exchange, as a reader would have it in the panel. */
export function SampleConversation() {
  return (
    <ol aria-label="Conversation" style={list}>
      <li dir="auto" lang="en" style={bubble(true)}>
        What does a ROS 2 topic do?
      </li>
      <li dir="auto" lang="en" style={bubble(false)}>
        A topic is a named channel: publishers send typed messages on it and every subscriber
        receives them, such as joint states at 500 Hz.
      </li>
    </ol>
  );
}

/** Where a part sits in the panel body, relative to the conversation. */
export type Placement = 'alone' | 'above' | 'below';

/**
 * Renders the story inside an open panel on the page, with the (open) toggle below it.
 * @param placement a function of the story's args, so `variant: 'banner'` can sit above a conversation
 */
export function inPanel<TArgs>(placement: (args: TArgs) => Placement): Decorator<TArgs> {
  return function InPanel(Story, context) {
    const where = placement(context.args);
    // In the toolbar's locale, as the site's panel would be: its title, direction and words.
    const locale = localeOf(context.globals.locale);
    const { title, shellStrings } = siteTexts(locale);
    return (
      <InPage dir={LOCALES[locale].dir} lang={LOCALES[locale].htmlLang}>
        <ChatToggle open controls={PANEL_ID} onToggle={noop} concealed strings={shellStrings} />
        <ChatDialog id={PANEL_ID} title={title} open onClose={noop} dir={LOCALES[locale].dir}>
          {where === 'below' && <SampleConversation />}
          <Story />
          {where === 'above' && <SampleConversation />}
        </ChatDialog>
      </InPage>
    );
  };
}

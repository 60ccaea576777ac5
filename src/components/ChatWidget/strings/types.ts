import type { ErrorType, FriendlyReason } from '../errorKinds';

/**
 * The shell's words: the toggle, "Ask about this", and the note shown when the panel's code cannot
 * be fetched. They are rendered on the server into every page, so a site passes its locale's table
 * in the widget's config (`config.shellStrings`) and the shell carries no other language.
 */
export interface ShellStrings {
  openChat: string;
  closeChat: string;
  /** The toggle's name when an answer arrived while the panel was closed. */
  openChatNewAnswer: string;
  /** The toggle's name while an answer streams with the panel closed. */
  openChatBusy: string;
  /** The closed toggle's tooltip, with its shortcut (open, its cross and its name say enough). */
  openTitle: string;
  /** The panel's code could not be fetched, and the browser is offline. */
  loadOffline: string;
  /** The panel's code could not be fetched. */
  loadFailed: string;
  tryAgain: string;
  /**
   * The button "Ask about this" shows beside a selection in the page (the site passes it to
   * `AskAboutSelection`; the shell itself does not use it).
   */
  askAboutThis?: string;
  /**
   * The name of the button beside a code block's Copy button that quotes the block in the chat
   * (the site passes it to `AskCodeButton`; the shell itself does not use it).
   */
  askAboutCode?: string;
}

/** The panel's own words (not the site's title, greeting or prompts, which the config carries). */
export interface PanelStrings {
  closeChat: string;
  /** The "New conversation" button's name, and what it shows where there is room. */
  newConversation: string;
  newConversationShort: string;
  /** The "Copy conversation" button's name (an icon button in the header). */
  copyConversation: string;
  /** What the panel says after "Copy conversation" (a polite status): copied, or why not. */
  copyStatus: {
    copying: string;
    copied: string;
    /** No question asked yet in this conversation. */
    empty: string;
    offline: string;
    /** The conversation could not be read from the backend. */
    failed: string;
    /** The browser refused the clipboard. */
    refused: string;
  };
  /** The words of the copied Markdown: who said what, and the answer's sources. */
  copyLabels: { you: string; assistant: string; sources: string };
  connecting: string;
  /** One line above the chat once OpenAI's element failed and the local one took over. */
  switchedToLocal: string;
  /** Names the live region that says the chat is connecting. */
  connectionStatus: string;
  errorHeadings: Record<ErrorType, string>;
  offlineHeading: string;
  /** A failure in the reader's words: what happened and what to do. */
  messages: Record<FriendlyReason, string>;
  tryAgain: string;
  dismiss: string;
  retryStatus: string;
  retrying: (attempt: string, of: string) => string;
  waitingForNetwork: (attempt: string, of: string) => string;
  nextTryIn: (seconds: string) => string;
  pausedOffline: string;
  tryingNow: string;
  retryNow: string;
  cancel: string;
  answerStatus: string;
  answering: string;
  answerReady: string;
  /** The history view (the reader's earlier conversations) and its header button. */
  history: HistoryStrings;
}

/** The history view's words. Titles come from the backend, in whatever language they were asked. */
export interface HistoryStrings {
  /** The header button's name (and the view's heading). */
  title: string;
  /** What the header button shows where there is room. */
  short: string;
  back: string;
  /** Names the list of conversations. */
  listLabel: string;
  loading: string;
  empty: string;
  /** A conversation the backend gave no title. */
  untitled: string;
  /** Heading of the error state; the friendly message and "Try again" follow it. */
  loadFailed: string;
  showMore: string;
  rename: (title: string) => string;
  remove: (title: string) => string;
  /** The rename field's label. */
  titleLabel: string;
  save: string;
  /** A rename to an empty title is refused with this. */
  titleRequired: string;
  renameFailed: string;
  deleted: string;
  undo: string;
  deleteFailed: string;
}

/** One locale's table: a file in this folder, listed in `index.ts`. */
export interface WidgetStrings {
  shell: ShellStrings;
  panel: PanelStrings;
}

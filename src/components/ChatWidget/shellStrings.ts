import type { ShellStrings } from './strings/types';

/**
 * The shell's English words, its default when the config brings none. Kept apart from
 * `strings/en.ts` (which uses them) so the shell that every page loads carries only these.
 */
export const SHELL_STRINGS_EN: ShellStrings = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  openChatNewAnswer: 'Open chat, new answer',
  openChatBusy: 'Open chat, answer in progress',
  openTitle: 'Ask the textbook (Ctrl+I)',
  loadOffline: "You're offline. The chat will load when your connection is back.",
  loadFailed: "The chat couldn't load. Check your connection, then try again.",
  tryAgain: 'Try again',
};

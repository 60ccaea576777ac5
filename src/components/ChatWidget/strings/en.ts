import { SHELL_STRINGS_EN } from '../shellStrings';
import type { WidgetStrings } from './types';

/** The widget's own words in English, the default for any locale without a table. */
export const en: WidgetStrings = {
  shell: {
    ...SHELL_STRINGS_EN,
    askAboutThis: 'Ask about this',
    askAboutCode: 'Ask about this code',
  },
  panel: {
    closeChat: 'Close chat',
    newConversation: 'New conversation',
    newConversationShort: 'New',
    connecting: 'Connecting to the textbook assistant…',
    switchedToLocal: 'Switched to the basic chat.',
    connectionStatus: 'Connection status',
    errorHeadings: {
      network: 'Connection problem',
      backend: 'The assistant is unavailable',
      session: "Couldn't start the chat",
      rate_limit: 'Please slow down',
      surface: "The chat couldn't load",
      unknown: 'Something went wrong',
    },
    offlineHeading: "You're offline",
    messages: {
      network: "Can't reach the textbook assistant. Check your connection, then try again.",
      offline: "You're offline. The chat will reconnect as soon as your connection is back.",
      timeout: 'The textbook assistant is taking too long to answer. Please try again.',
      backend: 'The assistant ran into a problem on our side. Please try again in a moment.',
      session: "We couldn't start a chat session. Please try again.",
      rate_limit: 'Too many questions in a short time. Please wait a moment before asking again.',
      surface: "The chat couldn't load in this browser. Try again, or reload the page.",
      unknown: 'Something went wrong. Please try again.',
    },
    tryAgain: 'Try again',
    dismiss: 'Dismiss',
    retryStatus: 'Retry status',
    retrying: (attempt, of) => `Retrying automatically (${attempt} of ${of})`,
    waitingForNetwork: (attempt, of) => `Waiting for the network to retry (${attempt} of ${of})`,
    nextTryIn: (seconds) => `Next try in ${seconds} s`,
    pausedOffline: 'Paused while offline.',
    tryingNow: 'Trying now…',
    retryNow: 'Retry now',
    cancel: 'Cancel',
    answerStatus: 'Answer status',
    answering: 'Assistant is answering…',
    answerReady: 'Answer ready',
  },
};

/**
 * The element's own UI wording. Only English and Urdu are translated (the textbook's two reading
 * languages); any other locale falls back to English, as OpenAI's element does for unknown locales.
 */
/** Why an answer was not helpful (sent in the feedback request's `metadata`). */
export const FEEDBACK_REASONS = [
  'inaccurate',
  'irrelevant',
  'incomplete',
  'unclear',
  'outdated',
  'other',
] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

export interface UiStrings {
  title: string;
  greeting: string;
  placeholder: string;
  composerLabel: string;
  send: string;
  conversation: string;
  prompts: string;
  youSaid: string;
  assistantSaid: string;
  sources: string;
  typing: string;
  loading: string;
  retry: string;
  answerFailed: string;
  answerInterrupted: string;
  newConversation: string;
  newTab: string;
  notice: Record<'info' | 'warning' | 'danger', string>;
  /** A reasoning workflow while it streams. */
  thinking: string;
  /** A custom workflow (tool steps) while it streams. */
  working: string;
  /** A finished reasoning workflow, from its `summary.duration` in seconds. */
  thoughtFor: (seconds: number) => string;
  /** A finished custom workflow, from its `summary.duration` in seconds. */
  workedFor: (seconds: number) => string;
  /** A finished reasoning workflow without a summary. */
  thoughts: string;
  /** A finished custom workflow without a summary. */
  steps: string;
  /** An item this element cannot show (a widget, a generated image, a tool call...). */
  unsupportedItem: string;
  /** A restored thread whose last question has no answer (the reader left while it streamed). */
  answerUnfinished: string;
  /** The send button while an answer streams and the server lets it be stopped. */
  stop: string;
  /** Announced when the send button becomes the Stop button. */
  stopAvailable: string;
  /** Under an answer the reader stopped. */
  stopped: string;
  /** Announced when the reader stopped an answer. */
  answerStopped: string;
  /** Under a restored answer that was streaming when the page reloaded or was left. */
  cutOffReload: string;
  /** Under a restored answer whose connection dropped while it streamed. */
  connectionDropped: string;
  /** Asks for a new answer to the question of an answer that was cut short. */
  regenerate: string;
  /** The group of buttons under a finished answer. */
  answerActions: string;
  /** Copies a whole answer (its Markdown). */
  copyAnswer: string;
  /** The visible text of a code block's copy button, and its accessible name. */
  copyCode: { visible: string; label: string };
  /** Shown (and announced) once something was copied. */
  copied: string;
  /** The clipboard refused: what to do instead. */
  copyFailed: string;
  /** Thumbs up and thumbs down (toggle buttons; `aria-pressed` shows the choice). */
  feedbackPositive: string;
  feedbackNegative: string;
  /** Announced once the backend has the reader's feedback. */
  feedbackSent: string;
  /** The backend did not take the feedback; the choice is kept to send again. */
  feedbackFailed: string;
  /** Sends the kept feedback again. */
  feedbackRetry: string;
  /** After "Not helpful": what was wrong, as reasons to pick and an optional note. */
  feedbackReason: {
    question: string;
    reasons: Record<FeedbackReason, string>;
    note: string;
    send: string;
    skip: string;
  };
  /** Before a quoted passage: above the composer, and in the reader's message. */
  quoteLabel: string;
  /** Takes the quoted passage off the composer. */
  removeQuote: string;
}

/** `75` → `1m 15s`; Urdu spells the units out. */
function duration(seconds: number, minute: string, second: string, sep = ''): string {
  const total = Math.max(0, Math.round(seconds));
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m === 0) return `${s}${sep}${second}`;
  return s === 0 ? `${m}${sep}${minute}` : `${m}${sep}${minute} ${s}${sep}${second}`;
}

const en: UiStrings = {
  title: 'Chat',
  greeting: 'What can I help with today?',
  placeholder: 'Message the AI',
  composerLabel: 'Message',
  send: 'Send message',
  conversation: 'Conversation',
  prompts: 'Suggested questions',
  youSaid: 'You said:',
  assistantSaid: 'Assistant said:',
  sources: 'Sources',
  typing: 'Assistant is typing…',
  loading: 'Loading conversation…',
  retry: 'Retry',
  answerFailed: 'Something went wrong while answering.',
  answerInterrupted: 'The answer was interrupted.',
  newConversation: 'New conversation',
  newTab: '(opens in a new tab)',
  notice: { info: 'Note:', warning: 'Warning:', danger: 'Important:' },
  thinking: 'Thinking…',
  working: 'Working…',
  thoughtFor: (seconds) =>
    seconds < 1 ? 'Thought for a moment' : `Thought for ${duration(seconds, 'm', 's')}`,
  workedFor: (seconds) =>
    seconds < 1 ? 'Worked for a moment' : `Worked for ${duration(seconds, 'm', 's')}`,
  thoughts: 'Thoughts',
  steps: 'Steps',
  unsupportedItem: "This part of the answer can't be shown here.",
  answerUnfinished: "This answer didn't finish. Try again?",
  stop: 'Stop answer',
  stopAvailable: 'Answering. You can stop the answer with the Stop answer button.',
  stopped: 'Stopped',
  answerStopped: 'Answer stopped.',
  cutOffReload: 'Cut off when the page reloaded',
  connectionDropped: 'The connection dropped',
  regenerate: 'Regenerate',
  answerActions: 'Answer actions',
  copyAnswer: 'Copy answer',
  copyCode: { visible: 'Copy', label: 'Copy code' },
  copied: 'Copied',
  copyFailed: "Couldn't copy here. Select the text and copy it yourself.",
  feedbackPositive: 'Helpful',
  feedbackNegative: 'Not helpful',
  feedbackSent: 'Thanks for your feedback.',
  feedbackFailed: "Your feedback wasn't sent.",
  feedbackRetry: 'Send again',
  feedbackReason: {
    question: 'What was wrong?',
    reasons: {
      inaccurate: 'Inaccurate',
      irrelevant: 'Not relevant',
      incomplete: 'Incomplete',
      unclear: 'Hard to follow',
      outdated: 'Out of date',
      other: 'Something else',
    },
    note: 'Anything else? (optional)',
    send: 'Send',
    skip: 'Skip',
  },
  quoteLabel: 'Quoting:',
  removeQuote: 'Remove quote',
};

const ur: UiStrings = {
  title: 'چیٹ',
  greeting: 'آج میں آپ کی کیا مدد کر سکتا ہوں؟',
  placeholder: 'اپنا سوال لکھیں',
  composerLabel: 'پیغام',
  send: 'پیغام بھیجیں',
  conversation: 'گفتگو',
  prompts: 'تجویز کردہ سوالات',
  youSaid: 'آپ نے کہا:',
  assistantSaid: 'اسسٹنٹ نے کہا:',
  sources: 'ماخذ',
  typing: 'اسسٹنٹ لکھ رہا ہے…',
  loading: 'گفتگو لوڈ ہو رہی ہے…',
  retry: 'دوبارہ کوشش کریں',
  answerFailed: 'جواب دیتے ہوئے کچھ غلط ہو گیا۔',
  answerInterrupted: 'جواب ادھورا رہ گیا۔',
  newConversation: 'نئی گفتگو',
  newTab: '(نئے ٹیب میں کھلتا ہے)',
  notice: { info: 'نوٹ:', warning: 'انتباہ:', danger: 'اہم:' },
  thinking: 'سوچ رہا ہے…',
  working: 'کام جاری ہے…',
  thoughtFor: (seconds) =>
    seconds < 1 ? 'لمحہ بھر سوچا' : `${duration(seconds, 'منٹ', 'سیکنڈ', ' ')} تک سوچا`,
  workedFor: (seconds) =>
    seconds < 1 ? 'لمحہ بھر کام کیا' : `${duration(seconds, 'منٹ', 'سیکنڈ', ' ')} تک کام کیا`,
  thoughts: 'سوچ بچار',
  steps: 'مراحل',
  unsupportedItem: 'جواب کا یہ حصہ یہاں نہیں دکھایا جا سکتا۔',
  answerUnfinished: 'یہ جواب مکمل نہیں ہو سکا۔ دوبارہ کوشش کریں؟',
  stop: 'جواب روکیں',
  stopAvailable: 'جواب لکھا جا رہا ہے۔ اسے “جواب روکیں” کے بٹن سے روکا جا سکتا ہے۔',
  stopped: 'روک دیا گیا',
  answerStopped: 'جواب روک دیا گیا۔',
  cutOffReload: 'صفحہ دوبارہ لوڈ ہونے پر ادھورا رہ گیا',
  connectionDropped: 'کنکشن ٹوٹ گیا',
  regenerate: 'دوبارہ لکھیں',
  answerActions: 'جواب کے اختیارات',
  copyAnswer: 'جواب کاپی کریں',
  copyCode: { visible: 'کاپی', label: 'کوڈ کاپی کریں' },
  copied: 'کاپی ہو گیا',
  copyFailed: 'یہاں کاپی نہیں ہو سکا۔ متن منتخب کر کے خود کاپی کر لیں۔',
  feedbackPositive: 'مفید',
  feedbackNegative: 'مفید نہیں',
  feedbackSent: 'آپ کی رائے کا شکریہ۔',
  feedbackFailed: 'آپ کی رائے نہیں بھیجی جا سکی۔',
  feedbackRetry: 'دوبارہ بھیجیں',
  feedbackReason: {
    question: 'کیا مسئلہ تھا؟',
    reasons: {
      inaccurate: 'غلط',
      irrelevant: 'غیر متعلق',
      incomplete: 'نامکمل',
      unclear: 'سمجھنا مشکل',
      outdated: 'پرانا',
      other: 'کچھ اور',
    },
    note: 'مزید کچھ؟ (اختیاری)',
    send: 'بھیجیں',
    skip: 'رہنے دیں',
  },
  quoteLabel: 'اقتباس:',
  removeQuote: 'اقتباس ہٹائیں',
};

const tables: Record<string, UiStrings> = { en, ur };

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur']);

function baseLanguage(locale: string): string {
  return locale.split(/[-_]/)[0]?.toLowerCase() ?? '';
}

/** UI strings for a BCP 47 locale (English when the language has no table). */
export function stringsFor(locale: string | undefined): UiStrings {
  return tables[baseLanguage(locale ?? '')] ?? en;
}

/** Writing direction of a locale's script. */
export function directionFor(locale: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(baseLanguage(locale)) ? 'rtl' : 'ltr';
}

/**
 * The element's own UI wording. Only English and Urdu are translated (the textbook's two reading
 * languages); any other locale falls back to English, as OpenAI's element does for unknown locales.
 */
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

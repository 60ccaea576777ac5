import type { WidgetStrings } from './types';

/**
 * The widget's own words in Urdu (right to left; the site ships Noto Naskh Arabic for them).
 * Numbers come formatted for `ur` by the caller.
 */
export const ur: WidgetStrings = {
  shell: {
    openChat: 'چیٹ کھولیں',
    closeChat: 'چیٹ بند کریں',
    openChatNewAnswer: 'چیٹ کھولیں، نیا جواب آیا ہے',
    openChatBusy: 'چیٹ کھولیں، جواب آ رہا ہے',
    openTitle: 'درسی کتاب سے پوچھیں (Ctrl+I)',
    loadOffline: 'آپ آف لائن ہیں۔ کنکشن بحال ہوتے ہی چیٹ کھل جائے گی۔',
    loadFailed: 'چیٹ لوڈ نہیں ہو سکی۔ اپنا کنکشن دیکھیں، پھر دوبارہ کوشش کریں۔',
    tryAgain: 'دوبارہ کوشش کریں',
    askAboutThis: 'اس کے بارے میں پوچھیں',
    askAboutCode: 'اس کوڈ کے بارے میں پوچھیں',
  },
  panel: {
    closeChat: 'چیٹ بند کریں',
    newConversation: 'نئی گفتگو',
    newConversationShort: 'نئی گفتگو',
    copyConversation: 'گفتگو کاپی کریں',
    copyStatus: {
      copying: 'گفتگو کاپی ہو رہی ہے…',
      copied: 'گفتگو کاپی ہو گئی',
      empty: 'ابھی کاپی کرنے کو کچھ نہیں: پہلے کوئی سوال پوچھیں۔',
      offline: 'آپ آف لائن ہیں۔ کنکشن بحال ہونے پر گفتگو دوبارہ کاپی کریں۔',
      failed: 'کاپی کے لیے گفتگو لوڈ نہیں ہو سکی۔ براہ کرم دوبارہ کوشش کریں۔',
      refused:
        'براؤزر نے کاپی کرنے کی اجازت نہیں دی۔ کلپ بورڈ تک رسائی کی اجازت دیں، پھر دوبارہ کوشش کریں۔',
    },
    copyLabels: { you: 'آپ', assistant: 'معاون', sources: 'ماخذ' },
    connecting: 'درسی کتاب کے معاون سے رابطہ ہو رہا ہے…',
    switchedToLocal: 'سادہ چیٹ پر منتقل کر دیا گیا۔',
    connectionStatus: 'رابطے کی صورتحال',
    errorHeadings: {
      network: 'رابطے میں مسئلہ',
      backend: 'معاون اس وقت دستیاب نہیں',
      session: 'چیٹ شروع نہیں ہو سکی',
      rate_limit: 'ذرا رکیے',
      surface: 'چیٹ لوڈ نہیں ہو سکی',
      unknown: 'کچھ غلط ہو گیا',
    },
    offlineHeading: 'آپ آف لائن ہیں',
    messages: {
      network: 'درسی کتاب کے معاون تک رسائی نہیں ہو سکی۔ اپنا کنکشن دیکھیں، پھر دوبارہ کوشش کریں۔',
      offline: 'آپ آف لائن ہیں۔ کنکشن بحال ہوتے ہی چیٹ دوبارہ جڑ جائے گی۔',
      timeout: 'معاون جواب دینے میں بہت دیر لگا رہا ہے۔ براہ کرم دوبارہ کوشش کریں۔',
      backend: 'ہماری طرف ایک مسئلہ پیش آ گیا۔ براہ کرم تھوڑی دیر بعد دوبارہ کوشش کریں۔',
      session: 'چیٹ کا سیشن شروع نہیں ہو سکا۔ براہ کرم دوبارہ کوشش کریں۔',
      rate_limit: 'کم وقت میں بہت زیادہ سوال۔ دوبارہ پوچھنے سے پہلے تھوڑا انتظار کریں۔',
      surface: 'اس براؤزر میں چیٹ لوڈ نہیں ہو سکی۔ دوبارہ کوشش کریں، یا صفحہ دوبارہ لوڈ کریں۔',
      unknown: 'کچھ غلط ہو گیا۔ براہ کرم دوبارہ کوشش کریں۔',
    },
    tryAgain: 'دوبارہ کوشش کریں',
    dismiss: 'ہٹائیں',
    retryStatus: 'دوبارہ کوشش کی صورتحال',
    retrying: (attempt, of) => `خودکار دوبارہ کوشش (${of} میں سے ${attempt})`,
    waitingForNetwork: (attempt, of) =>
      `نیٹ ورک کا انتظار ہے، پھر دوبارہ کوشش (${of} میں سے ${attempt})`,
    nextTryIn: (seconds) => `اگلی کوشش ${seconds} سیکنڈ میں`,
    pausedOffline: 'آف لائن ہونے کی وجہ سے رکی ہوئی ہے۔',
    tryingNow: 'کوشش ہو رہی ہے…',
    retryNow: 'ابھی کوشش کریں',
    cancel: 'منسوخ کریں',
    answerStatus: 'جواب کی صورتحال',
    answering: 'معاون جواب لکھ رہا ہے…',
    answerReady: 'جواب تیار ہے',
  },
};

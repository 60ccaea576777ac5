/**
 * The chat widget's site configuration, read from environment variables when Docusaurus loads its
 * config and exposed to the browser as `siteConfig.customFields.chatWidget`. Kept apart from
 * `docusaurus.config.ts` so the code that mounts the widget can import the type.
 */

import {
  SURFACE_MODES as CHAT_SURFACES,
  type StarterPrompt,
  type SurfaceMode as ChatSurface,
} from '../../src/components/ChatWidget/config';
import { stringsFor, type ShellStrings } from '../../src/components/ChatWidget/strings';

export { CHAT_SURFACES, type ChatSurface, type StarterPrompt };

/** What the site passes to the widget. */
export type ChatWidgetSiteConfig = {
  /**
   * Base URL of the backend that creates sessions and answers.
   * @default 'http://localhost:8000'
   */
  backendUrl: string;
  /**
   * Domain key registered with OpenAI for the hosted ChatKit surface.
   * @default 'local-dev'
   */
  domainKey: string;
  /**
   * `chatkit` uses OpenAI's hosted element, `local` the built-in one, `auto` tries the hosted one
   * and falls back to the local one when its script cannot load.
   * @default 'auto'
   */
  surface: ChatSurface;
  /** First message the assistant shows, in the page's language. */
  greeting: string;
  /** Three or four suggestions about the course, in the page's language. */
  starterPrompts: StarterPrompt[];
  /** Composer placeholder, in the page's language. */
  placeholder: string;
  /** Panel heading, in the page's language. */
  title: string;
  /** One line under the composer, in the page's language. */
  disclaimer: string;
  /**
   * The toggle's words and "Ask about this", from the widget's strings table for the locale; left
   * out where they are English, which the widget's shell carries anyway (every page pays for config).
   */
  shellStrings?: ShellStrings;
};

type WidgetTexts = Pick<
  ChatWidgetSiteConfig,
  'greeting' | 'starterPrompts' | 'placeholder' | 'title' | 'disclaimer'
>;

const TEXTS: Record<'en' | 'ur', WidgetTexts> = {
  en: {
    greeting:
      'Hi! I can answer questions about the Physical AI & Humanoid Robotics textbook and point you to the page that explains it.',
    starterPrompts: [
      {
        label: 'What is Physical AI?',
        prompt: 'What is Physical AI, and how is it different from AI that only lives in software?',
      },
      {
        label: 'Topics vs services vs actions',
        prompt: 'When should a ROS 2 node use a topic, a service or an action?',
      },
      {
        label: 'Why simulate first?',
        prompt: 'Why do we train and test humanoid robots in a digital twin before using hardware?',
      },
      {
        label: 'Voice to robot action',
        prompt: 'How does a spoken command become a ROS 2 action in the capstone project?',
      },
    ],
    placeholder: 'Ask about the textbook…',
    title: 'Textbook assistant',
    disclaimer: 'Answers are generated and can be wrong; check the linked pages.',
  },
  ur: {
    greeting:
      'السلام علیکم! میں فزیکل اے آئی اور ہیومنائیڈ روبوٹکس کی درسی کتاب کے بارے میں آپ کے سوالوں کے جواب دے سکتا ہوں اور متعلقہ صفحے کی نشاندہی کر سکتا ہوں۔',
    starterPrompts: [
      {
        label: 'فزیکل اے آئی کیا ہے؟',
        prompt: 'فزیکل اے آئی کیا ہے، اور یہ صرف سافٹ ویئر میں رہنے والی اے آئی سے کیسے مختلف ہے؟',
      },
      {
        label: 'ٹاپک، سروس اور ایکشن',
        prompt: 'ROS 2 کے نوڈ کو کب ٹاپک، کب سروس اور کب ایکشن استعمال کرنا چاہیے؟',
      },
      {
        label: 'پہلے سمیولیشن کیوں؟',
        prompt: 'ہیومنائیڈ روبوٹ کو اصل ہارڈ ویئر سے پہلے ڈیجیٹل ٹوئن میں کیوں آزمایا جاتا ہے؟',
      },
    ],
    placeholder: 'درسی کتاب کے بارے میں پوچھیں…',
    title: 'درسی کتاب کا معاون',
    disclaimer:
      'جوابات خودکار طور پر بنائے جاتے ہیں اور غلط ہو سکتے ہیں؛ دیے گئے صفحات سے تصدیق کریں۔',
  },
};

type Env = Record<string, string | undefined>;

/**
 * Builds the widget configuration for one locale.
 * @throws Error when `CHATKIT_SURFACE` is not one of {@link CHAT_SURFACES}, so a typo fails the
 * build instead of shipping a widget that silently picks a surface.
 */
export function chatWidgetConfigFromEnv(env: Env, locale = 'en'): ChatWidgetSiteConfig {
  const surface = env.CHATKIT_SURFACE ?? 'auto';
  if (!isChatSurface(surface)) {
    throw new Error(
      `CHATKIT_SURFACE must be one of ${CHAT_SURFACES.join(', ')}; got "${surface}".`,
    );
  }
  return {
    backendUrl: env.CHATKIT_BACKEND_URL ?? 'http://localhost:8000',
    domainKey: env.CHATKIT_DOMAIN_KEY ?? 'local-dev',
    surface,
    ...(locale === 'ur' ? TEXTS.ur : TEXTS.en),
    ...(stringsFor(locale) !== stringsFor('en') && { shellStrings: stringsFor(locale).shell }),
  };
}

function isChatSurface(value: string): value is ChatSurface {
  return (CHAT_SURFACES as readonly string[]).includes(value);
}

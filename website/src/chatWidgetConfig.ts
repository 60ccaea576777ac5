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
  /**
   * `false` hides the conversation history (`CHATKIT_HISTORY=off`): for a backend whose
   * `threads.list` is not scoped to the reader. Left out when on, the widget's default.
   */
  history?: false;
};

/** The values `CHATKIT_HISTORY` takes. */
export const HISTORY_SETTINGS = ['on', 'off'] as const;

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

/** The site's URL when `SITE_URL` is unset: the dev server's. */
export const DEFAULT_SITE_URL = 'http://localhost:3000';
/** The backend's URL when `CHATKIT_BACKEND_URL` is unset: the mock and FastAPI servers' local port. */
export const DEFAULT_BACKEND_URL = 'http://localhost:8000';
/** The domain key when `CHATKIT_DOMAIN_KEY` is unset: a placeholder OpenAI never issued. */
export const DEFAULT_DOMAIN_KEY = 'local-dev';

/**
 * Builds the widget configuration for one locale.
 * @throws Error when `CHATKIT_SURFACE` is not one of {@link CHAT_SURFACES}, or `CHATKIT_HISTORY`
 * not one of {@link HISTORY_SETTINGS}, so a typo fails the build instead of shipping a widget that
 * silently picks a surface, or shows every reader's conversations where they were to be hidden.
 */
export function chatWidgetConfigFromEnv(env: Env, locale = 'en'): ChatWidgetSiteConfig {
  const surface = env.CHATKIT_SURFACE ?? 'auto';
  if (!isChatSurface(surface)) {
    throw new Error(
      `CHATKIT_SURFACE must be one of ${CHAT_SURFACES.join(', ')}; got "${surface}".`,
    );
  }
  const history = env.CHATKIT_HISTORY ?? 'on';
  if (!(HISTORY_SETTINGS as readonly string[]).includes(history)) {
    throw new Error(
      `CHATKIT_HISTORY must be one of ${HISTORY_SETTINGS.join(', ')}; got "${history}".`,
    );
  }
  return {
    backendUrl: env.CHATKIT_BACKEND_URL ?? DEFAULT_BACKEND_URL,
    domainKey: env.CHATKIT_DOMAIN_KEY ?? DEFAULT_DOMAIN_KEY,
    surface,
    ...(locale === 'ur' ? TEXTS.ur : TEXTS.en),
    ...(stringsFor(locale) !== stringsFor('en') && { shellStrings: stringsFor(locale).shell }),
    ...(history === 'off' && { history: false as const }),
  };
}

function isChatSurface(value: string): value is ChatSurface {
  return (CHAT_SURFACES as readonly string[]).includes(value);
}

/**
 * Why the site must not be built with these environment variables, or `null` when it may. Pure: it
 * reads only `env`, so `docusaurus.config.ts` passes `process.env` and the tests pass literals.
 *
 * A production build (`docusaurus build`, which sets `NODE_ENV=production` before it loads the
 * config; the dev server leaves it `development`) for a public `SITE_URL` (anything but unset,
 * localhost, 127.0.0.0/8 or [::1]) is refused when the chat would still point at development
 * settings: a backend URL that is unset, loopback, malformed or not https, or the `local-dev` (or an
 * empty) domain key. The domain key is not required with `CHATKIT_SURFACE=local`, whose built-in
 * element never loads OpenAI's and sends no key. A malformed `SITE_URL` is refused in every mode.
 */
export function developmentSettingsProblem(env: Env): string | null {
  const siteText = env.SITE_URL ?? DEFAULT_SITE_URL;
  const site = httpUrl(siteText);
  if (!site) {
    return `SITE_URL must be an absolute http or https URL such as https://textbook.example; got "${siteText}".`;
  }
  if (env.NODE_ENV !== 'production' || isLoopback(site.hostname)) return null;

  const backend = backendProblem(env.CHATKIT_BACKEND_URL, site);
  const key = env.CHATKIT_SURFACE === 'local' ? null : domainKeyProblem(env.CHATKIT_DOMAIN_KEY);
  const problems = [backend, key].filter((problem) => problem !== null);
  const fixes = [
    backend && "CHATKIT_BACKEND_URL to the backend's public https URL",
    key && 'CHATKIT_DOMAIN_KEY to the key OpenAI issued for this domain',
  ].filter(Boolean);
  if (problems.length === 0) return null;
  return (
    `Building for ${site.origin} with development chat settings: set ${fixes.join(' and ')}. ` +
    `Found: ${problems.join('; ')}. ` +
    'Builds for a local SITE_URL (unset, localhost, 127.0.0.1 or [::1]) are not checked.'
  );
}

/**
 * Throws {@link developmentSettingsProblem}'s message, if any: `docusaurus.config.ts` calls it so
 * that `docusaurus build` for a public site fails instead of shipping development chat settings.
 */
export function assertDeployableChatSettings(env: Env): void {
  const problem = developmentSettingsProblem(env);
  if (problem) throw new Error(problem);
}

/** What is wrong with the backend URL for a site served from `site`, or `null`. */
function backendProblem(text: string | undefined, site: URL): string | null {
  if (text === undefined) return `CHATKIT_BACKEND_URL is unset (so ${DEFAULT_BACKEND_URL})`;
  const backend = httpUrl(text);
  if (!backend) return `CHATKIT_BACKEND_URL is "${text}", not an absolute http or https URL`;
  if (isLoopback(backend.hostname)) {
    return `CHATKIT_BACKEND_URL is ${text}, which each reader's browser would look for on the reader's own machine`;
  }
  if (backend.protocol !== 'https:') {
    const why =
      site.protocol === 'https:'
        ? "browsers block an https page's requests to http as mixed content"
        : "the session's client secret would cross the network unencrypted";
    return `CHATKIT_BACKEND_URL is ${text}, not https (${why})`;
  }
  return null;
}

/** What is wrong with the domain key for a public site, or `null`. */
function domainKeyProblem(key: string | undefined): string | null {
  if (key === undefined) return `CHATKIT_DOMAIN_KEY is unset (so ${DEFAULT_DOMAIN_KEY})`;
  if (key.trim() === '') return 'CHATKIT_DOMAIN_KEY is empty';
  if (key === DEFAULT_DOMAIN_KEY) {
    return `CHATKIT_DOMAIN_KEY is ${DEFAULT_DOMAIN_KEY}, the development placeholder`;
  }
  return null;
}

/** `text` parsed as an absolute http or https URL, or `undefined`. */
function httpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a URL's hostname names the machine itself: localhost (and its subdomains, which browsers
 * resolve to it), 127.0.0.0/8 or [::1]. `URL` has already normalised the forms (`127.1`, `[0::1]`).
 */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '[::1]'
  );
}

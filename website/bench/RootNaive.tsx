// `npm run bench` only (variant 'naive', swapped in by ./docusaurus.config.ts): the seed plan's
// quickstart wiring, kept to show what lazy loading buys. ChatKit's React binding is imported
// eagerly, `useChatKit` runs in Root on every page with the widget's api config (backend URL, domain
// key, a fetch that adds the session's client secret), and OpenAI's script is added to every page.
// Ordinary builds never see this file.
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import { ChatKit, useChatKit } from '@openai/chatkit-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ChatWidgetConfig } from '../../src/components/ChatWidget';

const CHATKIT_SCRIPT = 'https://cdn.platform.openai.com/deployments/chatkit/chatkit.js';

export default function Root({ children }: { children: ReactNode }) {
  const { siteConfig } = useDocusaurusContext();
  const config = (siteConfig.customFields?.chatWidget ?? {}) as ChatWidgetConfig;
  const backendUrl = config.backendUrl ?? 'http://localhost:8000';
  const [open, setOpen] = useState(false);
  const secret = useRef<Promise<string> | null>(null);

  // The quickstart's `<script src=".../chatkit.js" async>` in the page head.
  useEffect(() => {
    if (document.querySelector(`script[src="${CHATKIT_SCRIPT}"]`)) return;
    const script = document.createElement('script');
    script.src = CHATKIT_SCRIPT;
    script.async = true;
    document.head.append(script);
  }, []);

  const getClientSecret = async (): Promise<string> => {
    const response = await fetch(`${backendUrl}/api/chatkit/session`, { method: 'POST' });
    if (!response.ok) throw new Error(`Session request failed: ${response.status}`);
    const { client_secret: clientSecret } = (await response.json()) as { client_secret: string };
    return clientSecret;
  };

  const { control } = useChatKit({
    api: {
      url: `${backendUrl}/chatkit`,
      domainKey: config.domainKey ?? 'local-dev',
      fetch: async (input, init) => {
        secret.current ??= getClientSecret();
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${await secret.current}`);
        return fetch(input, { ...init, headers });
      },
    },
    theme: { colorScheme: 'light' },
    ...(config.greeting && {
      startScreen: {
        greeting: config.greeting,
        prompts: (config.starterPrompts ?? []).map(({ label, prompt }) => ({ label, prompt })),
      },
    }),
    ...(config.placeholder && { composer: { placeholder: config.placeholder } }),
  });

  return (
    <>
      {children}
      <button
        type="button"
        aria-label={open ? 'Close chat' : 'Open chat'}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        style={{
          position: 'fixed',
          insetBlockEnd: 16,
          insetInlineEnd: 16,
          zIndex: 300,
          inlineSize: 56,
          blockSize: 56,
          borderRadius: '50%',
          border: 'none',
          background: 'var(--ifm-color-primary)',
          color: 'var(--ifm-font-color-base-inverse)',
        }}
      >
        {open ? '×' : '?'}
      </button>
      <div
        hidden={!open}
        style={{
          position: 'fixed',
          insetBlockEnd: 88,
          insetInlineEnd: 16,
          zIndex: 300,
          inlineSize: 'min(400px, 100vw - 32px)',
          blockSize: 'min(600px, 100vh - 120px)',
        }}
      >
        <ChatKit control={control} style={{ inlineSize: '100%', blockSize: '100%' }} />
      </div>
    </>
  );
}

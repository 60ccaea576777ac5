// Root wraps every page and survives client-side navigation, so the chat (and its conversation)
// lives here rather than in a layout that re-mounts per page.
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import type { ReactNode } from 'react';
import { AskAboutSelection } from '../../../src/components/AskAboutSelection';
import { ChatWidget, type ChatWidgetConfig } from '../../../src/components/ChatWidget';

export default function Root({ children }: { children: ReactNode }) {
  const { siteConfig } = useDocusaurusContext();
  const config = siteConfig.customFields?.chatWidget as ChatWidgetConfig | undefined;
  return (
    <>
      {children}
      <AskAboutSelection within="article" label={config?.shellStrings?.askAboutThis} />
      <ChatWidget {...(config && { config })} />
    </>
  );
}

// Docusaurus's code block buttons (Word wrap, Copy) with "Ask about this code" between them, beside
// Copy: it opens the chat with the block quoted above the composer. Styled, shown and hidden like
// Docusaurus's own (styles.module.css is theirs); not server-rendered, as theirs are not. The button
// is small; the quoting is fetched on its first click (src/components/AskAboutCode).
import BrowserOnly from '@docusaurus/BrowserOnly';
import { useCodeBlockContext } from '@docusaurus/theme-common/internal';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import type { Props } from '@theme/CodeBlock/Buttons';
import CopyButton from '@theme/CodeBlock/Buttons/CopyButton';
import WordWrapButton from '@theme/CodeBlock/Buttons/WordWrapButton';
import clsx from 'clsx';
import { AskCodeButton } from '../../../../../src/components/AskAboutCode';
import type { ChatWidgetConfig } from '../../../../../src/components/ChatWidget';
import styles from './styles.module.css';

function AskButton() {
  const { siteConfig } = useDocusaurusContext();
  const config = siteConfig.customFields?.chatWidget as ChatWidgetConfig | undefined;
  const { metadata } = useCodeBlockContext();
  return (
    <AskCodeButton
      code={metadata.code}
      label={config?.shellStrings?.askAboutCode}
      className="clean-btn"
    />
  );
}

export default function CodeBlockButtons({ className }: Props) {
  return (
    <BrowserOnly>
      {() => (
        <div className={clsx(className, styles.buttonGroup)}>
          <WordWrapButton />
          <AskButton />
          <CopyButton />
        </div>
      )}
    </BrowserOnly>
  );
}

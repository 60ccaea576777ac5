// Wraps the doc page's layout (inside the doc's context) to hand the page's own starter questions,
// its front matter's `chat_prompts`, to the chat widget, which lives above the routes in Root: the
// widget's start screen shows them on this page and the site's again once the reader leaves it.
import { useDoc } from '@docusaurus/plugin-content-docs/client';
import type { WrapperProps } from '@docusaurus/types';
import Layout from '@theme-original/DocItem/Layout';
import type LayoutType from '@theme/DocItem/Layout';
import { useEffect } from 'react';
import { setPagePrompts } from '../../../../../src/components/ChatWidget/pagePrompts';

type Props = WrapperProps<typeof LayoutType>;

export default function LayoutWrapper(props: Props) {
  const { frontMatter, metadata } = useDoc();
  const chatPrompts = (frontMatter as { chat_prompts?: unknown }).chat_prompts;
  useEffect(() => {
    // As written: the chat's lazy code checks it (a page carries no validation code).
    setPagePrompts(
      chatPrompts === undefined ? null : { value: chatPrompts, page: metadata.source },
    );
    return () => setPagePrompts(null);
  }, [chatPrompts, metadata.source]);
  return <Layout {...props} />;
}

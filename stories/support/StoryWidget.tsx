import { ChatWidget, type ChatWidgetProps } from '../../src/components/ChatWidget';
import { siteTexts, useLocale } from './locale';
import { storyConfig } from './widgetConfig';

/**
 * The whole widget as the site mounts it, in the toolbar's locale: the site's words for that
 * locale (title, greeting, starter prompts, placeholder), the stories' settings (`storyConfig`),
 * then whatever the story's `config` arg adds.
 */
export function StoryWidget({ config, ...props }: ChatWidgetProps) {
  const locale = useLocale();
  return <ChatWidget {...props} config={{ ...siteTexts(locale), ...storyConfig, ...config }} />;
}

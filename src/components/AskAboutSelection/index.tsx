/**
 * "Ask about this": selecting text inside the article shows a small button beside the selection;
 * it opens the chat widget with the passage as a quote above the composer (not sent), ready for the
 * reader's question. Works with mouse, touch and keyboard selections. Renders nothing on the
 * server and nothing until there is a selection. Every page loads only this listener: the button
 * (AskButton.tsx) is fetched the first time the reader selects something.
 */
import { useEffect, useState, type ComponentType } from 'react';
import type { AskAboutSelectionProps } from './props';

export type { AskAboutSelectionProps };

export function AskAboutSelection(props: AskAboutSelectionProps) {
  const [Button, setButton] = useState<ComponentType<AskAboutSelectionProps>>();
  useEffect(() => {
    if (Button) return;
    const onRelease = () => {
      if (!document.getSelection()?.isCollapsed) {
        import('./AskButton').then(
          (module) => setButton(() => module.AskButton),
          () => undefined, // the next selection tries again
        );
      }
    };
    document.addEventListener('pointerup', onRelease);
    document.addEventListener('keyup', onRelease);
    return () => {
      document.removeEventListener('pointerup', onRelease);
      document.removeEventListener('keyup', onRelease);
    };
  }, [Button]);
  return Button ? <Button {...props} /> : null;
}

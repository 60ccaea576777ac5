/**
 * `<ChatKit>` of `@openai/chatkit-react` for an element under another tag: what its `ChatKit`
 * component does for `<openai-chatkit>` (options set once the element is defined and whenever they
 * change, its `chatkit.*` events to the handlers of `useChatKit`, the instance to the control), for
 * the local element's fallback tag, which the widget mounts when OpenAI's script has taken
 * `<openai-chatkit>` but its frame does not work.
 */
import type { OpenAIChatKit } from '@openai/chatkit';
import type { UseChatKitReturn } from '@openai/chatkit-react';
import { createElement, useCallback, useEffect, useLayoutEffect, useState } from 'react';

/** ChatKit's events and the `useChatKit` handler each one calls (as `ChatKit` maps them). */
const HANDLERS = {
  'chatkit.error': 'onError',
  'chatkit.log': 'onLog',
  'chatkit.ready': 'onReady',
  'chatkit.response.start': 'onResponseStart',
  'chatkit.response.end': 'onResponseEnd',
  'chatkit.thread.change': 'onThreadChange',
  'chatkit.thread.load.start': 'onThreadLoadStart',
  'chatkit.thread.load.end': 'onThreadLoadEnd',
  'chatkit.effect': 'onEffect',
} as const;

type Control = UseChatKitReturn['control'];

export function TaggedChatKit({ tag, control }: { tag: string; control: Control }) {
  const [el, setEl] = useState<OpenAIChatKit | null>(null);
  useLayoutEffect(() => {
    let active = true;
    void customElements.whenDefined(tag).then(() => {
      if (active) el?.setOptions(control.options);
    });
    return () => {
      active = false;
    };
  }, [el, tag, control.options]);
  useEffect(() => {
    if (!el) return;
    const listening = new AbortController();
    for (const [event, name] of Object.entries(HANDLERS)) {
      el.addEventListener(
        event,
        (e) => {
          const handler = (
            control.handlers as Record<string, ((detail: unknown) => void) | undefined>
          )[name];
          handler?.((e as CustomEvent).detail);
        },
        { signal: listening.signal },
      );
    }
    return () => listening.abort();
  }, [el, control.handlers]);
  const attach = useCallback(
    (node: OpenAIChatKit | null) => {
      setEl(node);
      control.setInstance(node);
    },
    [control],
  );
  return createElement(tag, { ref: attach });
}

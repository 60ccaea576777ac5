import { LocalChatKitElement } from './LocalChatKitElement';

/**
 * Defines the local element under `tag` unless something (OpenAI's script, or an earlier call)
 * already did. Registration is always an explicit call, never an import side effect, so importing
 * this module can never shadow the real `<openai-chatkit>`.
 *
 * @param tag custom element name to define. @default 'openai-chatkit'
 * @returns whether this call defined the element.
 */
export function registerLocalChatKit(tag = 'openai-chatkit'): boolean {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return false;
  // A class can back only one tag, so other tags get their own subclass.
  const ctor =
    customElements.getName?.(LocalChatKitElement) == null
      ? LocalChatKitElement
      : class extends LocalChatKitElement {};
  customElements.define(tag, ctor);
  return true;
}

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';

describe('registerLocalChatKit', () => {
  it('defines nothing when the module is imported', async () => {
    await import('../index');
    expect(customElements.get('openai-chatkit')).toBeUndefined();
  });

  it('defines the tag once and reports whether it did', async () => {
    const { registerLocalChatKit, LocalChatKitElement } = await import('../index');
    expect(registerLocalChatKit()).toBe(true);
    expect(customElements.get('openai-chatkit')).toBe(LocalChatKitElement);
    expect(registerLocalChatKit()).toBe(false);
  });

  it('never overrides an existing definition', async () => {
    const { registerLocalChatKit } = await import('../index');
    class RealChatKit extends HTMLElement {}
    customElements.define('real-chatkit', RealChatKit);
    expect(registerLocalChatKit('real-chatkit')).toBe(false);
    expect(customElements.get('real-chatkit')).toBe(RealChatKit);
  });

  it('can serve a second tag', async () => {
    const { registerLocalChatKit, LocalChatKitElement } = await import('../index');
    expect(registerLocalChatKit('local-chatkit')).toBe(true);
    const el = document.createElement('local-chatkit');
    expect(el).toBeInstanceOf(LocalChatKitElement);
  });
});

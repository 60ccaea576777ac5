import { describe, expect, it } from 'vitest';

describe('chatkit-local on a server', () => {
  it('can be imported without a DOM, and registering is a no-op', async () => {
    expect(typeof HTMLElement).toBe('undefined');
    const { registerLocalChatKit } = await import('../index');
    expect(registerLocalChatKit()).toBe(false);
  });
});

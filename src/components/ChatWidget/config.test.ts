import { describe, expect, it } from 'vitest';
import { CHATKIT_SCRIPT_URL, DEFAULT_CONFIG, resolveConfig, type SurfaceMode } from './config';
import { DEFAULT_RETRY_POLICY } from './retryPolicy';

describe('resolveConfig', () => {
  it('fills every setting from the defaults', () => {
    expect(resolveConfig()).toEqual(DEFAULT_CONFIG);
    expect(resolveConfig({})).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toMatchObject({
      backendUrl: 'http://localhost:8000',
      domainKey: 'local-dev',
      surface: 'auto',
      title: 'Textbook assistant',
      scriptUrl: CHATKIT_SCRIPT_URL,
      scriptTimeoutMs: 5000,
      sessionTimeoutMs: 5000,
      storageKey: 'textbook-chat',
      indicatorDelayMs: 300,
      retryPolicy: DEFAULT_RETRY_POLICY,
    });
    expect(DEFAULT_CONFIG.starterPrompts.length).toBeGreaterThan(0);
  });

  it('keeps what it is given', () => {
    const config = resolveConfig({
      backendUrl: 'https://api.example.edu',
      domainKey: 'dk_live',
      surface: 'local',
      title: 'Ask the book',
      starterPrompts: [],
    });
    expect(config).toMatchObject({
      backendUrl: 'https://api.example.edu',
      domainKey: 'dk_live',
      surface: 'local',
      title: 'Ask the book',
      starterPrompts: [],
    });
  });

  it('trims trailing slashes from the backend URL', () => {
    expect(resolveConfig({ backendUrl: 'https://api.example.edu/' }).backendUrl).toBe(
      'https://api.example.edu',
    );
    expect(resolveConfig({ backendUrl: 'https://api.example.edu/v1//' }).backendUrl).toBe(
      'https://api.example.edu/v1',
    );
  });

  it('treats undefined and empty strings as "use the default" (unset environment variables)', () => {
    const config = resolveConfig({ backendUrl: '', domainKey: undefined, title: '' });
    expect(config.backendUrl).toBe(DEFAULT_CONFIG.backendUrl);
    expect(config.domainKey).toBe(DEFAULT_CONFIG.domainKey);
    expect(config.title).toBe(DEFAULT_CONFIG.title);
  });

  it('merges a partial retry policy over the default one', () => {
    const { retryPolicy } = resolveConfig({ retryPolicy: { baseDelayMs: 10, jitter: 0 } });
    expect(retryPolicy).toEqual({ ...DEFAULT_RETRY_POLICY, baseDelayMs: 10, jitter: 0 });
  });

  it('rejects an unknown surface with a message naming the choices', () => {
    expect(() => resolveConfig({ surface: 'cloud' as SurfaceMode })).toThrow(
      'ChatWidget: surface must be one of chatkit, local, auto; got "cloud"',
    );
  });
});

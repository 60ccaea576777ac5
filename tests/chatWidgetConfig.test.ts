/**
 * The site's chat settings from the environment (website/src/chatWidgetConfig.ts), above all the
 * rule that `docusaurus build` for a public SITE_URL refuses development settings (issue 19).
 * Here rather than beside the module because the unit suite's include covers tests/, not website/.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  assertDeployableChatSettings,
  chatWidgetConfigFromEnv,
  developmentSettingsProblem,
} from '../website/src/chatWidgetConfig';

const PUBLIC = 'https://textbook.example';
const REAL = {
  CHATKIT_BACKEND_URL: 'https://api.textbook.example',
  CHATKIT_DOMAIN_KEY: 'domain_pk_0123456789abcdef',
};
/** `docusaurus build` sets NODE_ENV=production before it loads the config. */
const build = (env: Record<string, string | undefined>) => ({ NODE_ENV: 'production', ...env });

const BACKEND_FIX = "set CHATKIT_BACKEND_URL to the backend's public https URL";
const KEY_FIX = 'CHATKIT_DOMAIN_KEY to the key OpenAI issued for this domain';

describe('developmentSettingsProblem', () => {
  it('refuses a build for a public site with the default settings, naming both variables', () => {
    const problem = developmentSettingsProblem(build({ SITE_URL: PUBLIC }));
    expect(problem).toBe(
      'Building for https://textbook.example with development chat settings: ' +
        "set CHATKIT_BACKEND_URL to the backend's public https URL and CHATKIT_DOMAIN_KEY to the " +
        'key OpenAI issued for this domain. Found: CHATKIT_BACKEND_URL is unset (so ' +
        'http://localhost:8000); CHATKIT_DOMAIN_KEY is unset (so local-dev). Builds for a local ' +
        'SITE_URL (unset, localhost, 127.0.0.1 or [::1]) are not checked.',
    );
  });

  it('refuses the defaults spelled out, and names the site by its origin', () => {
    const problem = developmentSettingsProblem(
      build({
        SITE_URL: `${PUBLIC}/`,
        CHATKIT_BACKEND_URL: 'http://localhost:8000',
        CHATKIT_DOMAIN_KEY: 'local-dev',
      }),
    );
    expect(problem).toMatch(/^Building for https:\/\/textbook\.example with development/);
    expect(problem).toContain(`${BACKEND_FIX} and ${KEY_FIX}`);
    expect(problem).toContain('CHATKIT_DOMAIN_KEY is local-dev, the development placeholder');
  });

  it('allows a public build with an https backend and a real domain key', () => {
    expect(developmentSettingsProblem(build({ SITE_URL: PUBLIC, ...REAL }))).toBeNull();
    expect(() => assertDeployableChatSettings(build({ SITE_URL: PUBLIC, ...REAL }))).not.toThrow();
  });

  it('refuses an http backend for an https site as mixed content, naming only the backend', () => {
    const problem = developmentSettingsProblem(
      build({ SITE_URL: PUBLIC, ...REAL, CHATKIT_BACKEND_URL: 'http://api.textbook.example' }),
    );
    expect(problem).toContain(BACKEND_FIX);
    expect(problem).toContain('CHATKIT_BACKEND_URL is http://api.textbook.example, not https');
    expect(problem).toContain('mixed content');
    expect(problem).not.toContain('CHATKIT_DOMAIN_KEY');
  });

  it('refuses an http backend for a public http site too', () => {
    const problem = developmentSettingsProblem(
      build({
        SITE_URL: 'http://textbook.example',
        ...REAL,
        CHATKIT_BACKEND_URL: 'http://api.textbook.example',
      }),
    );
    expect(problem).toContain(BACKEND_FIX);
    expect(problem).toContain('unencrypted');
  });

  it.each([
    'http://localhost:8000',
    'https://localhost:8443',
    'http://LOCALHOST:8000/',
    'http://api.localhost:8000',
    'http://127.0.0.1:8000',
    'https://127.8.9.10',
    'http://127.1:8000',
    'http://[::1]:8000',
  ])('refuses a loopback backend %s for a public site', (backendUrl) => {
    const problem = developmentSettingsProblem(
      build({ SITE_URL: PUBLIC, ...REAL, CHATKIT_BACKEND_URL: backendUrl }),
    );
    expect(problem).toContain(BACKEND_FIX);
    expect(problem).toContain("on the reader's own machine");
    expect(problem).not.toContain('CHATKIT_DOMAIN_KEY');
  });

  it.each(['api.textbook.example', '', 'ftp://api.textbook.example'])(
    'refuses a backend URL that is not an absolute http(s) URL ("%s") for a public site',
    (backendUrl) => {
      const problem = developmentSettingsProblem(
        build({ SITE_URL: PUBLIC, ...REAL, CHATKIT_BACKEND_URL: backendUrl }),
      );
      expect(problem).toContain(BACKEND_FIX);
      expect(problem).toContain(`CHATKIT_BACKEND_URL is "${backendUrl}", not an absolute`);
    },
  );

  it.each([
    ['unset', undefined, 'CHATKIT_DOMAIN_KEY is unset (so local-dev)'],
    ['local-dev', 'local-dev', 'CHATKIT_DOMAIN_KEY is local-dev'],
    ['empty', ' ', 'CHATKIT_DOMAIN_KEY is empty'],
  ])('refuses a %s domain key for a public site, naming only the key', (_, key, found) => {
    const problem = developmentSettingsProblem(
      build({ SITE_URL: PUBLIC, ...REAL, CHATKIT_DOMAIN_KEY: key }),
    );
    expect(problem).toContain(`development chat settings: set ${KEY_FIX}.`);
    expect(problem).toContain(found);
    expect(problem).not.toContain('CHATKIT_BACKEND_URL');
  });

  it('needs no domain key with the local surface, which never sends one', () => {
    const env = build({
      SITE_URL: PUBLIC,
      CHATKIT_BACKEND_URL: REAL.CHATKIT_BACKEND_URL,
      CHATKIT_SURFACE: 'local',
    });
    expect(developmentSettingsProblem(env)).toBeNull();
    // ...but still a public backend.
    const local = { ...env, CHATKIT_BACKEND_URL: undefined };
    expect(developmentSettingsProblem(local)).toContain(BACKEND_FIX);
    expect(developmentSettingsProblem(local)).not.toContain('CHATKIT_DOMAIN_KEY');
  });

  it.each([
    'http://localhost:3000',
    'http://localhost:3000/',
    'https://LOCALHOST',
    'http://docs.localhost:3000',
    'http://127.0.0.1:3000',
    'http://127.0.0.1',
    'http://127.255.0.1:8080',
    'http://[::1]:3000',
    'http://[::1]',
  ])('allows a build for the local site %s with the default settings', (siteUrl) => {
    expect(developmentSettingsProblem(build({ SITE_URL: siteUrl }))).toBeNull();
  });

  it('allows a build with SITE_URL unset (http://localhost:3000), as the e2e tests and bench do', () => {
    expect(developmentSettingsProblem(build({}))).toBeNull();
    expect(
      developmentSettingsProblem(build({ CHATKIT_BACKEND_URL: 'http://localhost:8123' })),
    ).toBeNull();
  });

  it.each(['https://localhost.textbook.example', 'https://127.0.0.1.nip.io', 'http://10.0.0.5'])(
    'treats %s as public: only loopback names are local',
    (siteUrl) => {
      expect(developmentSettingsProblem(build({ SITE_URL: siteUrl }))).toContain(BACKEND_FIX);
    },
  );

  it.each([
    ['development (docusaurus start)', 'development'],
    ['unset', undefined],
  ])('does not check the dev server: NODE_ENV %s with a public SITE_URL', (_, nodeEnv) => {
    expect(developmentSettingsProblem({ SITE_URL: PUBLIC, NODE_ENV: nodeEnv })).toBeNull();
  });

  it.each(['textbook.example', '', 'https://', 'ftp://textbook.example', 'not a url'])(
    'refuses a malformed SITE_URL "%s", in a build and on the dev server',
    (siteUrl) => {
      const message =
        'SITE_URL must be an absolute http or https URL such as https://textbook.example; ' +
        `got "${siteUrl}".`;
      expect(developmentSettingsProblem(build({ SITE_URL: siteUrl, ...REAL }))).toBe(message);
      expect(developmentSettingsProblem({ SITE_URL: siteUrl, NODE_ENV: 'development' })).toBe(
        message,
      );
    },
  );
});

describe('assertDeployableChatSettings', () => {
  it('throws the problem as an Error', () => {
    expect(() => assertDeployableChatSettings(build({ SITE_URL: PUBLIC }))).toThrowError(
      /^Building for https:\/\/textbook\.example with development chat settings: set CHATKIT_BACKEND_URL/,
    );
  });

  it('returns quietly for a local build', () => {
    expect(() => assertDeployableChatSettings(build({}))).not.toThrow();
  });
});

describe('chatWidgetConfigFromEnv', () => {
  it('still defaults to the development backend and key (for local builds)', () => {
    const config = chatWidgetConfigFromEnv({});
    expect(config.backendUrl).toBe('http://localhost:8000');
    expect(config.domainKey).toBe('local-dev');
    expect(config.surface).toBe('auto');
  });

  it('reads the backend URL and key from the environment', () => {
    const config = chatWidgetConfigFromEnv(REAL);
    expect(config.backendUrl).toBe(REAL.CHATKIT_BACKEND_URL);
    expect(config.domainKey).toBe(REAL.CHATKIT_DOMAIN_KEY);
  });

  it('hides the history with CHATKIT_HISTORY=off, leaves it on by default, and refuses a typo', () => {
    expect(chatWidgetConfigFromEnv({})).not.toHaveProperty('history');
    expect(chatWidgetConfigFromEnv({ CHATKIT_HISTORY: 'on' })).not.toHaveProperty('history');
    expect(chatWidgetConfigFromEnv({ CHATKIT_HISTORY: 'off' }, 'ur').history).toBe(false);
    expect(() => chatWidgetConfigFromEnv({ CHATKIT_HISTORY: 'no' })).toThrow(
      'CHATKIT_HISTORY must be one of on, off; got "no".',
    );
  });
});

describe('website/docusaurus.config.ts', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  /** Loads the site config afresh under `env`, as Docusaurus does once per locale. */
  async function loadConfig(env: Record<string, string | undefined>) {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.resetModules();
    return (await import('../website/docusaurus.config')).default;
  }

  it('fails a production build for a public site with development settings', async () => {
    await expect(
      loadConfig({
        NODE_ENV: 'production',
        SITE_URL: PUBLIC,
        CHATKIT_BACKEND_URL: undefined,
        CHATKIT_DOMAIN_KEY: undefined,
        CHATKIT_SURFACE: undefined,
      }),
    ).rejects.toThrowError(
      /Building for https:\/\/textbook\.example with development chat settings: set CHATKIT_BACKEND_URL .* and CHATKIT_DOMAIN_KEY/,
    );
  });

  it('loads for a public site with real settings, and for a local build with none', async () => {
    const deployed = await loadConfig({ NODE_ENV: 'production', SITE_URL: PUBLIC, ...REAL });
    expect(deployed.url).toBe(PUBLIC);
    expect(deployed.customFields?.chatWidget).toMatchObject({
      backendUrl: REAL.CHATKIT_BACKEND_URL,
      domainKey: REAL.CHATKIT_DOMAIN_KEY,
    });
    const local = await loadConfig({
      NODE_ENV: 'production',
      SITE_URL: undefined,
      CHATKIT_BACKEND_URL: undefined,
      CHATKIT_DOMAIN_KEY: undefined,
    });
    expect(local.url).toBe('http://localhost:3000');
    expect(local.customFields?.chatWidget).toMatchObject({ backendUrl: 'http://localhost:8000' });
  });

  it("passes CHATKIT_HISTORY=off to the widget's config, which Root hands it whole", async () => {
    const off = await loadConfig({ CHATKIT_HISTORY: 'off' });
    expect(off.customFields?.chatWidget).toMatchObject({ history: false });
    const on = await loadConfig({ CHATKIT_HISTORY: undefined });
    expect(on.customFields?.chatWidget).not.toHaveProperty('history');
  });
});

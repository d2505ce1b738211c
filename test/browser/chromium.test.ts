import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('the browser tests without Chromium', () => {
  it('fail saying how to install it', async () => {
    vi.stubEnv('HERALD_CHROMIUM', '/nonexistent/chromium');
    const { launchChromium } = await import('./chromium.js');
    await expect(launchChromium()).rejects.toThrow(
      /not installed at \/nonexistent\/chromium.*apt-get install -y chromium/,
    );
  });
});

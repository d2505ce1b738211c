/**
 * Debian's Chromium driven by playwright-core (which never downloads a browser). The browser
 * tests need it at /usr/bin/chromium; without it they fail and say how to install it.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium';

/** What Chromium needs on a machine with no network and as root (see the machine's notes). */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tests (test/browser) drive Debian's chromium. ` +
        'Install it with `apt-get install -y chromium` (as root; `npm test` runs scripts/test-services.sh, which does), ' +
        'or point HERALD_CHROMIUM at another Chromium.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

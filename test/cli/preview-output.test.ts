import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { previewPosts } from '../../src/cli/preview.js';
import { loadConfig } from '../../src/config/load.js';
import { parseIsoInstant } from '../../src/core/zone.js';

/**
 * The preview of the example campaign (config/), captured with `herald preview --json` before
 * the preview was made fast: any change to how it is computed must give exactly this output,
 * the empty digests included (issue 10 will change those on purpose).
 */
const config = loadConfig({ HERALD_CONFIG_DIR: 'config', HERALD_DATABASE: 'sqlite::memory:' });
const zone = config.settings.defaults.zone;

function fixture(name: string): string {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
}

/** Same posts, then the very text `herald preview --json` prints (key order, spacing). */
function expectSameOutput(posts: unknown, name: string): void {
  const expected = fixture(name);
  expect(posts).toEqual(JSON.parse(expected));
  expect(`${JSON.stringify(posts, null, 2)}\n`).toBe(expected);
}

describe('previewPosts on the example campaign', () => {
  it('gives the captured output over May and June 2018', async () => {
    const posts = await previewPosts(
      config,
      undefined,
      parseIsoInstant('2018-05-01T00:00', zone),
      parseIsoInstant('2018-06-30T23:59', zone),
    );
    expectSameOutput(posts, 'preview-example-2018-05-06.json');
  });

  it('gives the captured output over the whole of 2018', async () => {
    const posts = await previewPosts(
      config,
      undefined,
      parseIsoInstant('2018-01-01T00:00', zone),
      parseIsoInstant('2018-12-31T23:59', zone),
    );
    expectSameOutput(posts, 'preview-example-2018.json');
  });
});

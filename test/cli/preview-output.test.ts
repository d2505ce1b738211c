import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { previewPosts } from '../../src/cli/preview.js';
import { loadConfig } from '../../src/config/load.js';
import { parseIsoInstant } from '../../src/core/zone.js';

/**
 * The preview of the example campaign (config/), captured with `herald preview --json` before
 * the preview was made fast: any change to how it is computed must give exactly this output,
 * less the empty digests ("Nothing is scheduled…"), which it leaves out as the scheduler skips
 * them (`summaries.skipWhenEmpty`, on in the example).
 */
const config = loadConfig({ HERALD_CONFIG_DIR: 'config', HERALD_DATABASE: 'sqlite::memory:' });
const zone = config.settings.defaults.zone;

function fixture(name: string): string {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
}

const EMPTY = /^(Nothing is scheduled|Rien n’est prévu)/m;

/** Same posts, then the very text `herald preview --json` prints (key order, spacing). */
function expectSameOutput(posts: unknown, name: string, count: { all: number; empty: number }): void {
  const captured = JSON.parse(fixture(name)) as { kind: string; text: string }[];
  const empty = captured.filter((p) => p.kind === 'digest' && EMPTY.test(p.text));
  expect([captured.length, empty.length]).toEqual([count.all, count.empty]);
  const expected = captured.filter((p) => !empty.includes(p));
  expect(posts).toEqual(expected);
  expect(`${JSON.stringify(posts, null, 2)}\n`).toBe(`${JSON.stringify(expected, null, 2)}\n`);
}

describe('previewPosts on the example campaign', () => {
  it('gives the captured output over May and June 2018', async () => {
    const posts = await previewPosts(
      config,
      undefined,
      parseIsoInstant('2018-05-01T00:00', zone),
      parseIsoInstant('2018-06-30T23:59', zone),
    );
    expectSameOutput(posts, 'preview-example-2018-05-06.json', { all: 41, empty: 12 });
  });

  it('gives the captured output over the whole of 2018', async () => {
    const posts = await previewPosts(
      config,
      undefined,
      parseIsoInstant('2018-01-01T00:00', zone),
      parseIsoInstant('2018-12-31T23:59', zone),
    );
    expectSameOutput(posts, 'preview-example-2018.json', { all: 136, empty: 102 });
  });
});

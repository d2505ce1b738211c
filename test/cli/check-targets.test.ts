import { describe, expect, it } from 'vitest';
import { describeTarget } from '../../src/cli/check.js';
import { loadConfig } from '../../src/config/load.js';

describe('herald check’s targets', () => {
  it('lists only the kinds each target’s platform supports: native events on Discord alone', () => {
    const config = loadConfig({ HERALD_CONFIG_DIR: 'config', HERALD_DATABASE: ':memory:' });
    const lines = config.targets.map(describeTarget);
    expect(lines).toEqual([
      '  console:main en Europe/Paris follows tags [xiaomi] events [] kinds [countdown, live, notice, digest]',
      '  telegram:-1001234567890 fr Europe/Paris follows tags [mi8] events [] kinds [countdown, live, notice, digest]',
      '  discord:448000000000000001 it Europe/Rome follows tags [] events [mi8-it] kinds [countdown, live, notice]',
    ]);
    // Every target of the example gets the default kinds, native included; Discord keeps it.
    const discord = {
      ...(config.targets[2] as (typeof config.targets)[number]),
      kinds: ['countdown', 'native'] as const,
    };
    expect(describeTarget(discord)).toMatch(/kinds \[countdown, native\]$/);
    expect(config.targets[0]?.kinds).toContain('native');
  });
});

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, registerSecret } from '../../src/core/logger.js';

describe('logger', () => {
  it('never writes a registered secret, wherever it appears', () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });
    const token = '123456789:AAH-secret-token-value';
    registerSecret(token);
    const logger = createLogger({ destination: sink });
    logger.error(
      { url: `https://api.telegram.org/bot${token}/sendMessage`, token },
      `request failed: ${token}`,
    );
    expect(written).not.toContain(token);
    expect(written).toContain('https://api.telegram.org/bot[redacted]/sendMessage');
  });
});

import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { secretsOf } from '../../src/config/load.js';
import { createLogger } from '../../src/core/logger.js';
import { REDACTED, redact, redactError, registerSecrets } from '../../src/core/redact.js';
import { type OutboundMessage, redactMessage } from '../../src/messages/model.js';

// Tokens in the shapes the platforms issue; none of them is registered unless a test says so.
const TELEGRAM = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const DISCORD = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs';
const DISCORD_TEST = 'OTAwMDAwMDAwMDAwMDAwMDAy.fake.herald-discord-test-token';

describe('redact: secret shapes, which no one registered', () => {
  it.each([
    [
      'the Bot API path of a token Herald does not know',
      'Bad Request: chat not found (request was /bot987654:not-a-real-token/sendMessage)',
      'Bad Request: chat not found (request was /bot[redacted]/sendMessage)',
    ],
    [
      'the Bot API path, URL-encoded',
      'GET https://proxy.local/bot987654%3Anot-a-real-token/getMe failed',
      'GET https://proxy.local/bot[redacted]/getMe failed',
    ],
    [
      'a Telegram token in a sentence',
      `Unauthorized: token ${TELEGRAM} is invalid`,
      'Unauthorized: token [redacted] is invalid',
    ],
    ['a Telegram token URL-encoded', `token=${encodeURIComponent(TELEGRAM)}&x=1`, 'token=[redacted]&x=1'],
    ['a Discord token', `Missing Access (token ${DISCORD})`, 'Missing Access (token [redacted])'],
    ['the Discord token of the tests', `${DISCORD_TEST} was refused`, '[redacted] was refused'],
    ['a Discord token after a dotted word', `cdn.example.${DISCORD_TEST}`, 'cdn.example.[redacted]'],
    [
      'an Authorization header with Bot',
      'headers: { Authorization: Bot abc.def.ghijklmnop }',
      'headers: { Authorization: Bot [redacted] }',
    ],
    [
      'an Authorization header in JSON with Bearer',
      '{"authorization":"Bearer sk_live_0123456789"}',
      '{"authorization":"Bearer [redacted]"}',
    ],
    [
      'a bare Bearer credential',
      'sent with Bearer eyJhbGciOiJIUzI1NiJ9.e30.signature',
      'sent with Bearer [redacted]',
    ],
    [
      'the password of a database URL',
      'connect ECONNREFUSED postgres://herald:s3cr%40t-pass@db.internal:5432/herald',
      'connect ECONNREFUSED postgres://herald:[redacted]@db.internal:5432/herald',
    ],
    [
      'a token after an escaped line break in a JSON log line',
      `{"err":"GrammyError: Call to 'getMe' failed!\\n${DISCORD_TEST}\\n    at x"}`,
      `{"err":"GrammyError: Call to 'getMe' failed!\\n[redacted]\\n    at x"}`,
    ],
  ])('removes %s', (_what, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    ['an ISO date', '2018-05-22T14:00:00.000Z'],
    ['an ISO date with an offset', '2018-05-22T14:00:00+02:00'],
    ['a ledger key', 'mi8-fr|countdown|1d|telegram:-1001234567890'],
    ['a ledger key to a DM', 'mi8-fr|reminder|1h@4242|telegram:dm:4242'],
    ['an image URL', 'https://cdn.example.com/images/mi8-launch-banner-2018-05-22-final-version.png'],
    ['an image URL with a port', 'http://127.0.0.1:8080/img/mi8_launch_keynote_stage_photo_wide_1920.jpg'],
    ['a dotted file name', 'mi8-launch-banner-final.2018-05-22.version-two-final-cut.png'],
    ['Discord snowflakes', 'discord:448000000000000001 role:448000000000000077'],
    ['a Discord timestamp', '<t:1526997600:F> (<t:1526997600:R>)'],
    ['a message ref', '-1001234567890:42'],
    ['a platform refusal', '403: Forbidden: bot was kicked from the supergroup chat'],
    ['"Bot" in prose', 'Bot disconnected; Bearer of bad news'],
    ['"Authorization" in prose', 'Authorization required: ask an administrator'],
    [
      'an audit line',
      '21/05 14:00 failed mi8-fr countdown 1d → telegram:-4001 (400: Bad Request: chat not found)',
    ],
    ['a French reply', 'Ce salon suit désormais xiaomi : 2 lancements à venir.'],
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
  ])('leaves %s as it is', (_what, text) => {
    expect(redact(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redact(`a /bot${TELEGRAM}/getMe b ${DISCORD} c Authorization: Bot ${DISCORD}`);
    expect(redact(once)).toBe(once);
    expect(once).not.toMatch(/AAHdq|MTk4N/);
  });
});

describe('redact: registered secrets', () => {
  // A secret of no recognisable shape: only the registry can find it.
  const SECRET = 'correct horse:battery/staple+42';
  beforeAll(() => registerSecrets([SECRET, 'short', undefined]));

  it('removes a registered secret raw, URL-encoded (either case) and JSON-escaped', () => {
    const encoded = encodeURIComponent(SECRET);
    expect(encoded).toContain('%3A');
    for (const text of [
      `value ${SECRET} end`,
      `GET /x?token=${encoded} end`,
      `GET /x?token=${encoded.toLowerCase()} end`,
      `POST body token=${encoded.replace(/%20/g, '+')} end`,
      `{"msg":${JSON.stringify(`value ${SECRET} end`)}}`,
    ]) {
      expect(redact(text)).not.toContain('horse');
      expect(redact(text)).toContain(REDACTED);
    }
  });

  it('ignores values too short to be secrets', () => {
    expect(redact('a short text')).toBe('a short text');
  });

  it('registers the secrets the config knows: both tokens and a database password', () => {
    expect(
      secretsOf({
        TELEGRAM_BOT_TOKEN: TELEGRAM,
        DISCORD_TOKEN: DISCORD,
        HERALD_DATABASE: 'postgres://herald:p%40ssw0rd-long@db/herald',
      }),
    ).toEqual([TELEGRAM, DISCORD, 'p%40ssw0rd-long', 'p@ssw0rd-long']);
    expect(secretsOf({ HERALD_DATABASE: 'sqlite:data/herald.db' })).toEqual([undefined, undefined]);
    expect(
      secretsOf({
        TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-123',
        HERALD_METRICS_TOKEN: 'metrics-token-0123456789',
      }),
    ).toEqual([undefined, undefined, 'webhook-secret-123', 'metrics-token-0123456789']);
    registerSecrets(secretsOf({ HERALD_DATABASE: 'postgres://herald:p%40ssw0rd-long@db/herald' }));
    expect(redact('auth failed for password p@ssw0rd-long')).toBe(`auth failed for password ${REDACTED}`);
  });

  it('redacts an error stack', () => {
    const error = new Error(`Call to 'getMe' failed! (401: Unauthorized: token ${TELEGRAM} is invalid)`);
    const text = redactError(error);
    expect(text).toContain('Error: Call to');
    expect(text).toContain('    at ');
    expect(text).not.toContain(TELEGRAM);
    expect(redactError(`plain ${SECRET}`)).toBe(`plain ${REDACTED}`);
  });
});

describe('redactMessage', () => {
  it('redacts every text field of a reply and keeps the rest', () => {
    const message: OutboundMessage = {
      kind: 'reply',
      locale: 'en',
      title: `Audit ${TELEGRAM}`,
      lines: ['sent mi8-fr countdown 1d → telegram:-4001', `failed (/bot${TELEGRAM}/sendMessage)`],
      fields: [{ label: `l ${DISCORD}`, value: `v ${DISCORD}` }],
      links: [{ label: 'Mi France', url: `https://proxy.local/bot${TELEGRAM}/x` }],
      image: `https://cdn.example.com/${DISCORD}.png`,
      mention: 'role:448000000000000077',
      footer: `footer ${TELEGRAM}`,
      eventId: 'mi8-fr',
      ephemeral: true,
      when: { at: 1526997600000, dateOnly: false },
    };
    const redacted = redactMessage(message);
    expect(JSON.stringify(redacted)).not.toMatch(/AAHdq|MTk4N/);
    expect(redacted).toEqual({
      ...message,
      title: 'Audit [redacted]',
      lines: ['sent mi8-fr countdown 1d → telegram:-4001', 'failed (/bot[redacted]/sendMessage)'],
      fields: [{ label: 'l [redacted]', value: 'v [redacted]' }],
      links: [{ label: 'Mi France', url: 'https://proxy.local/bot[redacted]/x' }],
      image: 'https://cdn.example.com/[redacted].png',
      footer: 'footer [redacted]',
    });
  });
});

describe('logger', () => {
  it('redacts every message, every field and error stacks, known token or not', () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });
    const logger = createLogger({ destination: sink, level: 'debug' });
    const error = new Error(`Unauthorized: token ${TELEGRAM} is invalid`);
    logger.error(
      { err: error, url: `https://api.telegram.org/bot${TELEGRAM}/getMe` },
      `start failed: ${DISCORD}`,
    );
    logger.warn({ nested: { auth: `Bot ${DISCORD}`, list: [TELEGRAM] } }, 'nested');
    logger.info({ err: error.stack }, 'stack as a string');
    expect(written.trim().split('\n')).toHaveLength(3);
    expect(written).not.toMatch(/AAHdq|MTk4N/);
    const first = JSON.parse(written.split('\n')[0] ?? '{}') as {
      msg: string;
      url: string;
      err: { stack: string };
    };
    expect(first.msg).toBe('start failed: [redacted]');
    expect(first.url).toBe('https://api.telegram.org/bot[redacted]/getMe');
    expect(first.err.stack).toMatch(/^Error: Unauthorized: token \[redacted\] is invalid\n {4}at /);
  });
});

/**
 * The one environment schema: each variable read to its setting, unset or
 * blank where that means "the default", and refused with a sentence naming the
 * variable; only the variables a caller names are read.
 */
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT, EnvironmentError, readEnvironment } from '../../src/runtime/environment.js';
import { osUserName } from '../../src/runtime/os-user.js';
import { storeLocation } from '../../src/runtime/store-location.js';
import { timeZoneSetting } from '../../src/runtime/time-zone.js';

const refusal = (env: Record<string, string>, names: Parameters<typeof readEnvironment>[1]): string => {
  try {
    readEnvironment(env, names);
  } catch (e) {
    expect(e).toBeInstanceOf(EnvironmentError);
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('the environment schema', () => {
  it('covers every variable the code reads', () => {
    expect(Object.keys(ENVIRONMENT.shape).sort()).toEqual(
      [
        'HUSTINGS_ADMINS',
        'HUSTINGS_CONTACT',
        'HUSTINGS_DB',
        'HUSTINGS_ENV',
        'HUSTINGS_HEADERS_TIMEOUT',
        'HUSTINGS_KEEP_ALIVE_TIMEOUT',
        'HUSTINGS_LOG_LEVEL',
        'HUSTINGS_MAIL_FROM',
        'HUSTINGS_MAIL_RATE',
        'HUSTINGS_MAX_CONNECTIONS',
        'HUSTINGS_ORGANISATION',
        'HUSTINGS_OUTBOX_SENDER',
        'HUSTINGS_REQUEST_TIMEOUT',
        'HUSTINGS_SECRET',
        'HUSTINGS_SIMULATE_WORKERS',
        'HUSTINGS_SMTP_URL',
        'HUSTINGS_TIME_ZONE',
        'HUSTINGS_TRUST_PROXY',
        'HUSTINGS_URL',
        'LOGNAME',
        'PORT',
        'USER',
        'USERNAME',
      ].sort(),
    );
  });

  it('reads each to its setting, and unset to undefined', () => {
    const read = readEnvironment(
      {
        HUSTINGS_ENV: 'development',
        HUSTINGS_URL: 'https://vote.example.org//',
        HUSTINGS_ADMINS: ' m1, ,m2 ',
        HUSTINGS_TRUST_PROXY: 'true',
        HUSTINGS_SIMULATE_WORKERS: ' 4 ',
        HUSTINGS_REQUEST_TIMEOUT: '0.5',
        HUSTINGS_MAX_CONNECTIONS: '20',
        HUSTINGS_LOG_LEVEL: 'WARN',
        PORT: '8080',
        HUSTINGS_TIME_ZONE: 'Europe/Dublin',
      },
      [
        'HUSTINGS_ENV',
        'HUSTINGS_URL',
        'HUSTINGS_ADMINS',
        'HUSTINGS_TRUST_PROXY',
        'HUSTINGS_SIMULATE_WORKERS',
        'HUSTINGS_REQUEST_TIMEOUT',
        'HUSTINGS_MAX_CONNECTIONS',
        'HUSTINGS_ORGANISATION',
        'HUSTINGS_LOG_LEVEL',
        'PORT',
        'HUSTINGS_TIME_ZONE',
        'HUSTINGS_DB',
      ],
    );
    expect(read).toEqual({
      HUSTINGS_ENV: 'development',
      HUSTINGS_URL: 'https://vote.example.org',
      HUSTINGS_ADMINS: ['m1', 'm2'],
      HUSTINGS_TRUST_PROXY: 1,
      HUSTINGS_SIMULATE_WORKERS: 4,
      HUSTINGS_REQUEST_TIMEOUT: 500,
      HUSTINGS_MAX_CONNECTIONS: 20,
      HUSTINGS_LOG_LEVEL: 'warn',
      PORT: 8080,
      HUSTINGS_TIME_ZONE: 'Europe/Dublin',
      HUSTINGS_DB: undefined,
    });
    expect(readEnvironment({ PORT: '  ', HUSTINGS_SIMULATE_WORKERS: '', HUSTINGS_DB: '' }, ['PORT', 'HUSTINGS_SIMULATE_WORKERS', 'HUSTINGS_DB'])).toEqual({
      PORT: undefined,
      HUSTINGS_SIMULATE_WORKERS: undefined,
      HUSTINGS_DB: undefined,
    });
  });

  it('refuses a bad value with a sentence naming the variable, and every bad one at once', () => {
    expect(refusal({ HUSTINGS_ENV: '' }, ['HUSTINGS_ENV'])).toBe('HUSTINGS_ENV must be development or production, not ""');
    expect(refusal({ HUSTINGS_URL: 'ftp://x' }, ['HUSTINGS_URL'])).toBe('HUSTINGS_URL must be an http:// or https:// address, not "ftp://x"');
    expect(refusal({ HUSTINGS_SIMULATE_WORKERS: 'x' }, ['HUSTINGS_SIMULATE_WORKERS'])).toBe(
      'HUSTINGS_SIMULATE_WORKERS must be a whole number from 1 to 64, not "x"',
    );
    expect(refusal({ HUSTINGS_LOG_LEVEL: 'loud' }, ['HUSTINGS_LOG_LEVEL'])).toBe(
      'HUSTINGS_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"',
    );
    expect(refusal({ HUSTINGS_KEEP_ALIVE_TIMEOUT: '-1' }, ['HUSTINGS_KEEP_ALIVE_TIMEOUT'])).toBe(
      'HUSTINGS_KEEP_ALIVE_TIMEOUT must be a number of seconds above 0 up to 3,600, not "-1"',
    );
    expect(refusal({ HUSTINGS_MAIL_RATE: 'fast' }, ['HUSTINGS_MAIL_RATE'])).toBe(
      'HUSTINGS_MAIL_RATE must be a number of messages per second above 0, up to 100,000, not "fast"',
    );
    expect(readEnvironment({ HUSTINGS_MAIL_RATE: ' 0.5 ' }, ['HUSTINGS_MAIL_RATE'])).toEqual({ HUSTINGS_MAIL_RATE: 0.5 });
    expect(refusal({ HUSTINGS_OUTBOX_SENDER: 'yes' }, ['HUSTINGS_OUTBOX_SENDER'])).toBe(
      'HUSTINGS_OUTBOX_SENDER must be on (this server sends the notices) or off (another process, hustings outbox drain, sends them), not "yes"',
    );
    for (const [text, value] of [
      ['on', true],
      [' OFF ', false],
      ['', undefined],
    ] as const)
      expect(readEnvironment({ HUSTINGS_OUTBOX_SENDER: text }, ['HUSTINGS_OUTBOX_SENDER'])).toEqual({ HUSTINGS_OUTBOX_SENDER: value });
    expect(refusal({ PORT: '70000', HUSTINGS_TRUST_PROXY: 'yes' }, ['PORT', 'HUSTINGS_TRUST_PROXY'])).toBe(
      'PORT must be a whole number from 0 to 65535, not "70000"; HUSTINGS_TRUST_PROXY must be the number of proxies in front of the app (e.g. 1), not "yes"',
    );
  });

  it('never echoes a secret it refuses', () => {
    const secret = 'short-but-secret';
    expect(refusal({ HUSTINGS_SECRET: secret }, ['HUSTINGS_SECRET'])).toBe('HUSTINGS_SECRET must be at least 32 characters long');
  });

  it('reads only the variables named, so a bad server setting stops no other command', () => {
    expect(storeLocation(undefined, { HUSTINGS_DB: 'sqlite:x.db', HUSTINGS_SIMULATE_WORKERS: 'lots' })).toEqual({ url: 'sqlite:x.db', source: 'env' });
    expect(timeZoneSetting(undefined, { HUSTINGS_TIME_ZONE: 'Nowhere', PORT: 'eighty' })).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message: 'HUSTINGS_TIME_ZONE: "Nowhere" is not a time zone this server knows; give one such as Europe/London, Europe/Dublin or UTC.',
      },
    });
  });

  it('names the operating-system user', () => {
    expect(osUserName({})).not.toBe('');
  });
});

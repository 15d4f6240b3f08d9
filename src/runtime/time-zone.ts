/**
 * The organisation's time zone, in which a timetable's days begin and end: the
 * `--time-zone` flag, else HUSTINGS_TIME_ZONE, else Europe/London. A ballot
 * records the zone when it opens, so changing this later moves no published
 * closing moment. An unknown zone is an error naming where it came from.
 */
import { checkTimeZone, DEFAULT_TIME_ZONE } from '../domain/local-time.js';
import { err, ok, type Result } from '../domain/result.js';
import { EnvironmentError, readEnvironment } from './environment.js';

export const TIME_ZONE_ENV = 'HUSTINGS_TIME_ZONE' as const;

export function timeZoneSetting(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Result<string> {
  if (flag !== undefined) return checkTimeZone(flag, '--time-zone');
  try {
    return ok(readEnvironment(env, [TIME_ZONE_ENV])[TIME_ZONE_ENV] ?? DEFAULT_TIME_ZONE);
  } catch (e) {
    if (e instanceof EnvironmentError) return err('invalid-input', e.message);
    throw e;
  }
}

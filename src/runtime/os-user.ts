/**
 * Who is at the keyboard, as the operating system names them: the user entry
 * of this process's uid, else USER, LOGNAME or USERNAME from the environment
 * (a container run as an arbitrary uid has no entry), else '' when nothing
 * says.
 */
import { userInfo } from 'node:os';
import { readEnvironment } from './environment.js';

export function osUserName(env: Readonly<Record<string, string | undefined>> = process.env): string {
  let name = '';
  try {
    name = userInfo().username;
  } catch {
    // No entry for this uid: the environment is the next best witness.
  }
  if (name !== '') return name;
  const read = readEnvironment(env, ['USER', 'LOGNAME', 'USERNAME']);
  return read.USER ?? read.LOGNAME ?? read.USERNAME ?? '';
}

/** Who the audit log names as acting from the command line: "cli:" and the operating-system user, or "cli:unknown". */
export function cliActor(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const name = osUserName(env);
  return `cli:${name === '' ? 'unknown' : name}`;
}

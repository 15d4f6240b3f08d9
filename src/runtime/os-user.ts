/** Who acts from the command line, as the audit log names them: "cli:" and the operating-system user. */
import { userInfo } from 'node:os';

export function cliActor(env: Readonly<Record<string, string | undefined>> = process.env): string {
  let name = '';
  try {
    name = userInfo().username;
  } catch {
    // No entry for this uid (e.g. a container run as an arbitrary user): fall back to the environment.
  }
  if (name === '') name = env.USER ?? env.LOGNAME ?? env.USERNAME ?? '';
  return `cli:${name === '' ? 'unknown' : name}`;
}

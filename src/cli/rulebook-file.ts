/** A rulebook named on the command line: a bundled one by id, or a custom one from a JSON file, checked here at the edge. */
import { readFileSync } from 'node:fs';
import { PRESETS, presetById } from '../domain/presets.js';
import type { Rulebook } from '../domain/rulebook.js';
import { InputError } from '../formats/errors.js';
import { parseRulebook } from '../formats/rulebook-schema.js';
import { UsageError } from './args.js';

/** Whether a rulebook named on the command line is a file (else it is a bundled rulebook's id). */
export const looksLikeRulebookFile = (arg: string): boolean => arg.endsWith('.json') || arg.includes('/') || arg.includes('\\');

/**
 * A bundled rulebook by id, or a custom one from a JSON file. An invalid file
 * throws an InputError whose message lists every problem as `file: path: problem`.
 */
export function loadRulebook(arg: string): Rulebook {
  const preset = presetById(arg);
  if (preset) return preset;
  if (!looksLikeRulebookFile(arg)) {
    throw new UsageError(`no rulebook "${arg}" (bundled: ${PRESETS.map((p) => p.id).join(', ')}; or a .json file)`);
  }
  const text = readFileSync(arg, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : null;
    throw new InputError(arg, line, `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
  }
  const parsed = parseRulebook(json, arg);
  if (!parsed.ok) {
    // The message is one `file: path: problem` line per problem; InputError puts back the `file: ` of the first.
    throw new InputError(arg, null, parsed.error.message.slice(arg.length + 2));
  }
  return parsed.value;
}

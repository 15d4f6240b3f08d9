/** Feeding streamed bytes to a saxes parser, with its first error (or the feed's) said as an `InputError`. */
import type { SaxesParser } from 'saxes';
import { InputError } from '../errors.js';

/**
 * Runs `feed`, which hands each chunk of a UTF-8 document to its callback, through `parser`; a
 * well-formedness error goes to `problem` with the line it was found on, which makes it the
 * `InputError` thrown. An `InputError` from a handler or the feed passes through as it is.
 */
export async function feedXml(
  parser: SaxesParser,
  feed: (sink: (chunk: Uint8Array) => void) => Promise<void>,
  problem: (message: string, line: number) => InputError,
): Promise<void> {
  let failure: InputError | null = null;
  parser.on('error', (e) => {
    failure ??= problem(e.message.replace(/^[^:]*:\d+:\d+: /, ''), parser.line);
  });
  const decoder = new TextDecoder('utf-8');
  const check = (): void => {
    if (failure) throw failure;
  };
  try {
    await feed((chunk) => {
      parser.write(decoder.decode(chunk, { stream: true }));
      check();
    });
    parser.write(decoder.decode());
    parser.close();
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw failure ?? problem((err as Error).message, parser.line);
  }
  check();
}

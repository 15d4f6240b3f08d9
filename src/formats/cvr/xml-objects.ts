/**
 * Streaming an XML file as plain objects, one child of the root element at a
 * time: an element with children becomes an object (a child met twice becomes
 * a list; an `ObjectId` attribute becomes `@id`, as CDF JSON names it), a
 * leaf its trimmed text. Namespace prefixes are dropped. Only the root's
 * children asked for are built, so a report of a million records is read in
 * memory that follows one record.
 */
import { SaxesParser } from 'saxes';
import { InputError } from '../errors.js';
import { eachChunk } from './files.js';
import { feedXml } from './xml-feed.js';

type Node = { name: string; fields: Record<string, unknown>; text: string; hasChildren: boolean };

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function nodeValue(node: Node): unknown {
  return node.hasChildren || Object.keys(node.fields).length > 0 ? node.fields : node.text.trim();
}

/**
 * Reads `path`, calling `onChild` with each child of the root whose name `wanted` accepts, as an
 * object, and the line it starts on; returns the root element's name.
 */
export async function eachXmlChild(
  path: string,
  wanted: (name: string) => boolean,
  onChild: (name: string, value: unknown, line: number) => void,
): Promise<string> {
  const parser = new SaxesParser();
  let root = '';
  let depth = 0;
  const stack: Node[] = [];
  let childLine = 0;
  parser.on('opentag', (tag) => {
    depth++;
    const name = localName(tag.name);
    if (depth === 1) {
      root = name;
      return;
    }
    if (depth === 2) {
      if (!wanted(name)) return;
      childLine = parser.line;
    } else if (stack.length === 0) return;
    const node: Node = { name, fields: {}, text: '', hasChildren: false };
    for (const [key, value] of Object.entries(tag.attributes as Record<string, string>)) {
      const local = localName(key);
      if (key.startsWith('xmlns') || local === 'type') continue;
      node.fields[local === 'ObjectId' ? '@id' : `@${local}`] = value;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.hasChildren = true;
    stack.push(node);
  });
  const onText = (text: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const inside = depth >= 2 && stack.length > 0 && stack.length === depth - 1;
    depth--;
    if (!inside) return;
    const node = stack.pop() as Node;
    const value = nodeValue(node);
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      onChild(node.name, value, childLine);
      return;
    }
    const before = parent.fields[node.name];
    if (before === undefined) parent.fields[node.name] = value;
    else if (Array.isArray(before) && (before as unknown[] & { repeated?: true }).repeated) (before as unknown[]).push(value);
    else {
      const many = Object.assign([before, value], { repeated: true as const });
      parent.fields[node.name] = many;
    }
  });
  await feedXml(
    parser,
    (sink) => eachChunk(path, sink),
    (message, line) => new InputError(path, line, `not well-formed XML (${message})`),
  );
  if (root === '') throw new InputError(path, null, 'the file is empty: expected an XML document');
  return root;
}

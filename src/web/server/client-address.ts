/**
 * Who is asking, as far as the network can tell: the address a request came
 * from, and the network it is counted under for rate limits.
 *
 * Behind N trusted proxies each proxy appends the address it was reached from
 * to X-Forwarded-For, so the client's own address is the Nth entry from the
 * right; everything left of it was written by the client and proves nothing.
 * IPv6 clients are counted per /64 (one household or host is usually given a
 * whole /64, so counting single addresses would give each of them billions of
 * tries), and an IPv4 address written as IPv6 (::ffff:a.b.c.d) as the IPv4
 * address it is.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { isIP, isIPv4, isIPv6 } from 'node:net';
import type { Ctx } from './http.js';

function socketAddress(c: Ctx): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (tests) have no socket.
    return 'unknown';
  }
}

/** An address as written in a header, without brackets or a port; null if it is not an IP address. */
function bareAddress(text: string): string | null {
  let t = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracketed) t = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(t)) t = t.slice(0, t.lastIndexOf(':'));
  return isIP(t.replace(/%.*$/, '')) ? t : null;
}

/**
 * The client's address: the connection's, or behind `trustedProxies` proxies
 * the X-Forwarded-For entry that the outermost of them wrote.
 */
export function clientAddress(c: Ctx, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (entries.length > 0) {
      // Fewer entries than proxies: the request skipped the outer ones, so the leftmost is the furthest hop there is.
      const hop = bareAddress(entries[Math.max(0, entries.length - trustedProxies)]);
      if (hop !== null) return hop;
    }
  }
  return socketAddress(c);
}

/** The eight 16-bit groups of an IPv6 address. */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '').toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

/** What rate limits count a client address under: an IPv4 address, an IPv6 /64, or the text itself if it is neither. */
export function networkOf(address: string): string {
  if (isIPv4(address)) return address;
  if (!isIPv6(address.replace(/%.*$/, ''))) return address;
  const g = ipv6Groups(address);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}

/** The network a request is counted under. */
export function clientNetwork(c: Ctx, trustedProxies: number): string {
  return networkOf(clientAddress(c, trustedProxies));
}

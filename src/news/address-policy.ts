/**
 * Which IP addresses Herald may fetch content from. A feed or article URL is chosen by
 * whoever controls a feed (or an editor's /feeds add), so without this rule it could point
 * Herald at its own machine, the cloud metadata service or the office network.
 */
import { isIPv4, isIPv6 } from 'node:net';

interface Range {
  family: 4 | 6;
  base: bigint;
  prefix: number;
  /** Completes "… is ___". */
  what: string;
}

const IPV4_RULES: [string, string][] = [
  ['0.0.0.0/8', 'a "this network" address'],
  ['10.0.0.0/8', 'a private address'],
  ['100.64.0.0/10', 'a carrier-grade NAT address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['169.254.0.0/16', 'a link-local address'],
  ['172.16.0.0/12', 'a private address'],
  ['192.0.0.0/24', 'a reserved address'],
  ['192.0.2.0/24', 'a reserved (documentation) address'],
  ['192.168.0.0/16', 'a private address'],
  ['198.18.0.0/15', 'a reserved (benchmarking) address'],
  ['198.51.100.0/24', 'a reserved (documentation) address'],
  ['203.0.113.0/24', 'a reserved (documentation) address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['255.255.255.255/32', 'the broadcast address'],
  ['240.0.0.0/4', 'a reserved address'],
];

const IPV6_RULES: [string, string][] = [
  ['::/128', 'the unspecified address'],
  ['::1/128', 'a loopback address'],
  ['64:ff9b:1::/48', 'a local-use NAT64 address'],
  ['100::/64', 'a reserved (discard) address'],
  ['2001:db8::/32', 'a reserved (documentation) address'],
  ['fc00::/7', 'a unique-local (private) address'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a site-local (private) address'],
  ['ff00::/8', 'a multicast address'],
];

/** IPv6 ranges whose last 32 bits are an IPv4 address that the connection really reaches. */
const EMBEDDING_IPV4: [string, string][] = [
  ['::ffff:0:0/96', 'an IPv4-mapped form of'],
  ['64:ff9b::/96', 'a NAT64 form of'],
  ['::/96', 'an IPv4-compatible form of'],
];

const ranges = (rules: [string, string][], family: 4 | 6): Range[] =>
  rules.map(([cidr, what]) => {
    const [address, prefix] = cidr.split('/') as [string, string];
    return { family, base: toBigInt(address, family), prefix: Number(prefix), what };
  });

const V4 = ranges(IPV4_RULES, 4);
const V6 = ranges(IPV6_RULES, 6);
const EMBEDDING = ranges(EMBEDDING_IPV4, 6);

/**
 * What makes the address unfit to fetch from ("a loopback address", "an IPv4-mapped form
 * of 127.0.0.1, a loopback address"), or null for a public address.
 */
export function blockedAddress(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0]!;
  if (isIPv4(bare)) return matchRange(V4, toBigInt(bare, 4), 32);
  if (!isIPv6(bare)) return 'not an IP address';
  const value = toBigInt(bare, 6);
  const own = matchRange(V6, value, 128);
  if (own) return own;
  const embedding = EMBEDDING.find((r) => inRange(r, value, 128));
  if (!embedding) return null;
  const ipv4 = fromBigInt4(value & 0xffffffffn);
  const inner = matchRange(V4, value & 0xffffffffn, 32);
  return inner ? `${embedding.what} ${ipv4}, ${inner}` : null;
}

/** The same address whatever its spelling (::ffff:7f00:1 and ::ffff:127.0.0.1 match). */
export function addressKey(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0]!;
  if (isIPv4(bare)) return `4:${toBigInt(bare, 4)}`;
  if (isIPv6(bare)) return `6:${toBigInt(bare, 6)}`;
  return null;
}

function matchRange(rules: Range[], value: bigint, width: number): string | null {
  return rules.find((r) => inRange(r, value, width))?.what ?? null;
}

function inRange(range: Range, value: bigint, width: number): boolean {
  const shift = BigInt(width - range.prefix);
  return value >> shift === range.base >> shift;
}

function toBigInt(address: string, family: 4 | 6): bigint {
  return family === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address);
}

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** Expects a valid IPv6 address (net.isIPv6): "::" compression and a trailing dotted quad. */
function ipv6ToBigInt(address: string): bigint {
  let text = address.toLowerCase();
  const dotted = text.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v4 = Number(ipv4ToBigInt(dotted[2]!));
    text = `${dotted[1]}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function fromBigInt4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

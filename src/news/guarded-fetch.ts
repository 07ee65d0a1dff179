/**
 * The one HTTP client Herald fetches content with (feeds, article pages, /feeds add, every
 * redirect hop). It refuses to connect to loopback, private, link-local and other
 * non-public addresses (see address-policy.ts) unless allowPrivate is set.
 *
 * The check runs on the address actually connected to, not on the URL: a host name is
 * checked on what the resolver answers at connect time, so a name that resolves to a
 * public address when added and to 127.0.0.1 later (DNS rebinding) is still refused. An
 * IP literal never reaches the resolver (net.connect skips the lookup), so the connector
 * checks it before opening a socket.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch, type Response } from 'undici';
import { addressKey, blockedAddress } from './address-policy.js';

export interface GuardedFetchOptions {
  /** ALLOW_PRIVATE_FETCH: intranet feeds, tests on loopback. */
  allowPrivate: boolean;
  /**
   * Addresses let through although the policy refuses them: a test's stand-in for a public
   * host (there is no public host in a test). Never set from configuration.
   */
  allowAddresses?: readonly string[];
  /** Resolves host names; dns.lookup by default. */
  lookup?: LookupFunction;
}

export type GuardedAnswer = { kind: 'response'; response: Response } | { kind: 'refused'; reason: string };

export interface GuardedFetch {
  /** One request; a redirect is returned, not followed, so the caller sends each hop back through here. */
  request(url: URL, init: { headers: Record<string, string>; signal: AbortSignal }): Promise<GuardedAnswer>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

const HINT = 'set ALLOW_PRIVATE_FETCH=true to allow private addresses';

/** Raised inside the connector and turned back into a value by request(). */
class AddressRefused extends Error {}

export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const exceptions = new Set((options.allowAddresses ?? []).map(addressKey).filter((key) => key !== null));
  const refusal = (address: string): string | null => {
    const key = addressKey(address);
    if (options.allowPrivate || (key !== null && exceptions.has(key))) return null;
    return blockedAddress(address);
  };
  const resolve = options.lookup ?? (dnsLookup as LookupFunction);

  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname, lookupOptions, (error, address, family) => {
      if (error) return callback(error, address, family);
      // With autoSelectFamily (Node's default) net asks for every address and may try each one.
      const answers: LookupAddress[] = Array.isArray(address) ? address : [{ address, family: family ?? 0 }];
      for (const answer of answers) {
        const what = refusal(answer.address);
        if (what) return callback(new AddressRefused(`${hostname} resolves to ${answer.address}, ${what}`), [], 0);
      }
      callback(null, address, family);
    });
  };
  const connect = buildConnector({ lookup: guardedLookup });
  const guardedConnect: buildConnector.connector = (target, callback) => {
    if (isIP(target.hostname)) {
      const what = refusal(target.hostname);
      if (what) return callback(new AddressRefused(`${target.hostname} is ${what}`), null);
    }
    connect(target, callback);
  };
  const agent = new Agent({ connect: guardedConnect });

  return {
    async request(url, init) {
      try {
        const response = await fetch(url, { ...init, redirect: 'manual', dispatcher: agent });
        return { kind: 'response', response };
      } catch (error) {
        const refused = refusalIn(error);
        if (refused) return { kind: 'refused', reason: `refused: ${refused.message} (${HINT})` };
        throw error;
      }
    },
    close: () => agent.close(),
  };
}

/** undici reports a connector error as "fetch failed" with the original as its cause. */
function refusalIn(error: unknown): AddressRefused | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof AddressRefused) return e;
  }
  return null;
}

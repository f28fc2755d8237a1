import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may be delivered (SSRF protection): a URL's host is resolved, and every address
 * it resolves to must be public unicast (ipaddr.js's ranges: `unicast` only; private, loopback,
 * link-local, unique-local, carrier-grade NAT, multicast, reserved, documentation and the IPv6
 * forms that embed an IPv4 address are refused, an IPv4-mapped IPv6 address judged as its IPv4
 * address), unless private addresses are allowed (WEBHOOK_ALLOW_PRIVATE=true). The delivery then
 * connects to the address checked here (never a second resolution: no DNS rebinding).
 */

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/** Why a URL cannot receive webhooks; `message` is said to the admin or logged with the delivery. */
export class RefusedAddress extends Error {
  override name = 'RefusedAddress';
}

/** The range ipaddr.js names for an address (an IPv4-mapped IPv6 address as its IPv4 address). */
export function rangeOf(address: string): string {
  return ipaddr.process(address).range();
}

/** The URL's host as resolved now, each address checked; throws RefusedAddress. */
export async function checkedAddresses(url: URL, allowPrivate: boolean): Promise<CheckedAddress[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let found: CheckedAddress[];
  if (isIP(host)) {
    found = [{ address: host, family: isIP(host) as 4 | 6 }];
  } else {
    try {
      found = (await lookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
    } catch (e) {
      throw new RefusedAddress(`${host} could not be resolved (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (!found.length) throw new RefusedAddress(`${host} could not be resolved`);
  }
  if (!allowPrivate) {
    for (const a of found) {
      const range = rangeOf(a.address);
      if (range !== 'unicast') {
        const said = host === a.address ? a.address : `${host} resolves to ${a.address}`;
        throw new RefusedAddress(`${said}, a ${range} address: webhooks go to public addresses only (WEBHOOK_ALLOW_PRIVATE=true allows others)`);
      }
    }
  }
  return found;
}

import net from 'node:net';
import { normaliseDeviceId, type OfficeSettings, type SharedEndpointKind } from '@zhengming/contracts';

/** The address family of an address, in the words `BlockList` takes; null when it is not an address. */
function familyOf(address: string): 'ipv4' | 'ipv6' | null {
  switch (net.isIP(address)) {
    case 4:
      return 'ipv4';
    case 6:
      return 'ipv6';
    default:
      return null;
  }
}

/** The shared IP addresses and ranges as a `BlockList` (which also matches IPv4-mapped IPv6 addresses). */
function sharedAddresses(endpoints: OfficeSettings['sharedEndpoints']): net.BlockList {
  const list = new net.BlockList();
  for (const endpoint of endpoints) {
    if (endpoint.kind !== 'ip') {
      continue;
    }
    const [address = '', prefix] = endpoint.value.split('/');
    const family = familyOf(address);
    // The contracts let only addresses and ranges in; anything else saved before that is skipped, not matched.
    if (family === null) {
      continue;
    }
    if (prefix === undefined) {
      list.addAddress(address, family);
    } else if (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 'ipv4' ? 32 : 128)) {
      list.addSubnet(address, Number(prefix), family);
    }
  }
  return list;
}

/**
 * Whether a reporter's IP address or device id is one of the office's known shared endpoints (office terminals,
 * relays), which the online channel never records as a reporter's (DESIGN §2). An IP matches a listed address or
 * falls in a listed CIDR range (IPv4-mapped IPv6 such as `::ffff:10.0.0.1` counts as its IPv4 address); a device id
 * matches ignoring case, white space and the separators `:` `-` `_` `.`. A value that is not an address never
 * matches as an IP.
 */
export function isSharedEndpoint(
  settings: Pick<OfficeSettings, 'sharedEndpoints'>,
  kind: SharedEndpointKind,
  value: string,
): boolean {
  const candidate = value.trim();
  if (kind === 'device') {
    const device = normaliseDeviceId(candidate);
    return (
      device !== '' &&
      settings.sharedEndpoints.some(
        (endpoint) => endpoint.kind === 'device' && normaliseDeviceId(endpoint.value) === device,
      )
    );
  }
  const family = familyOf(candidate);
  return family !== null && sharedAddresses(settings.sharedEndpoints).check(candidate, family);
}

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

import { normalizeKeepingDigits } from './normalize-text.js';
import type { LinkageKeyOptions, ReporterIdentity } from './types.js';

/** Which identity value a linkage value came from. */
export type LinkageKind = 'phone' | 'idNumber' | 'address' | 'ip' | 'deviceId';

/** A normalised identity value that may tie two complaints to one source. */
export interface LinkageValue {
  kind: LinkageKind;
  value: string;
}

const FULL_WIDTH_DIGITS = /[０-９]/g;
const MOBILE = /^1[3-9]\d{9}$/;

function halfWidthDigits(text: string): string {
  return text.replace(FULL_WIDTH_DIGITS, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
}

/**
 * Normalises a phone number: drops spaces, dashes, brackets and a +86 / 0086 / 86 country prefix.
 * A mobile is its 11 digits; a landline keeps its area code (010-12345678 → 01012345678). Returns
 * null when too few digits remain to name a line.
 */
export function normalizePhone(phone: string): string | null {
  if (MOBILE.test(phone)) {
    return phone;
  }
  let digits = halfWidthDigits(phone).replace(/[^\d+]/g, '');
  digits = digits.replace(/^(\+|00)86/, '');
  if (/^86(1[3-9]\d{9})$/.test(digits)) {
    digits = digits.slice(2);
  }
  digits = digits.replace(/\+/g, '');
  if (/^1[3-9]\d{9}$/.test(digits)) {
    return digits;
  }
  // Landline written without its leading 0 after +86 (e.g. +86 10 12345678).
  if (/^[1-9]\d{1,2}\d{7,8}$/.test(digits) && phone.replace(/\s/g, '').match(/^(\+|00)86/)) {
    digits = `0${digits}`;
  }
  if (/^0\d{2,3}\d{7,8}$/.test(digits)) {
    return digits;
  }
  return digits.length >= 7 ? digits : null;
}

/** Normalises a 15- or 18-character ID number (upper-case X check digit); null otherwise. */
export function normalizeIdNumber(idNumber: string): string | null {
  const compact = halfWidthDigits(idNumber).replace(/[\s-]/g, '').toUpperCase().replace(/Ｘ/g, 'X');
  return /^\d{17}[\dX]$/.test(compact) || /^\d{15}$/.test(compact) ? compact : null;
}

/** Chinese or Arabic numerals followed by a house-number unit (号/栋/幢/单元/室/户/楼/弄…). */
const HOUSE_NUMBER = /[0-9零〇一二三四五六七八九十百千两]+\s*(号楼|号院|号|栋|幢|座|单元|室|户|楼|弄|巷\d)/u;

/**
 * Normalises an address for linkage, or null when it names no house number: a village, street or
 * community name alone links nothing (docs/PRINCIPLES.md, principle 2), only an address down to 号/栋/单元/室 does.
 */
export function normalizeAddress(address: string): string | null {
  // Keep digits distinct here (normalizeText collapses them): 3号 and 5号 are different houses.
  const normalized = normalizeKeepingDigits(halfWidthDigits(address));
  return HOUSE_NUMBER.test(normalized) && normalized.length >= 4 ? normalized : null;
}

/** Normalises an IPv4/IPv6 address (lower case, no spaces). */
export function normalizeIp(ip: string): string | null {
  const compact = ip.trim().toLowerCase();
  return compact.length >= 3 ? compact : null;
}

/** Normalises a device id (case and separators ignored). */
export function normalizeDeviceId(deviceId: string): string | null {
  const compact = deviceId.toLowerCase().replace(/[\s:_-]/g, '');
  return compact.length >= 6 ? compact : null;
}

/**
 * The normalised identity values of a reporter that may tie complaints to one source: phone,
 * ID number, address with a house number, and — only with `withOnlineIds` — IP and device id.
 * The name is not among them (same-name ties are decided separately).
 */
export function linkageValues(reporter: ReporterIdentity | null, withOnlineIds: boolean): LinkageValue[] {
  if (reporter === null) {
    return [];
  }
  const values: LinkageValue[] = [];
  const push = (kind: LinkageKind, value: string | null): void => {
    if (value !== null) {
      values.push({ kind, value });
    }
  };
  if (reporter.phone !== undefined) {
    for (const part of reporter.phone.split(/[,，;；/、]/)) {
      push('phone', normalizePhone(part));
    }
  }
  if (reporter.idNumber !== undefined) {
    push('idNumber', normalizeIdNumber(reporter.idNumber));
  }
  if (reporter.address !== undefined) {
    push('address', normalizeAddress(reporter.address));
  }
  if (withOnlineIds) {
    if (reporter.ip !== undefined) {
      push('ip', normalizeIp(reporter.ip));
    }
    if (reporter.deviceId !== undefined) {
      push('deviceId', normalizeDeviceId(reporter.deviceId));
    }
  }
  return values;
}

/**
 * Reporter linkage keys: HMAC-SHA-256 under the caller's linkage key of each normalised identity
 * value (kind-prefixed), hex encoded. Equal keys mean the same phone, ID number, house-number
 * address or (with `withOnlineIds`) IP/device; the keys reveal nothing without the key.
 */
export function linkageKeys(reporter: ReporterIdentity | null, options: LinkageKeyOptions): string[] {
  const values = linkageValues(reporter, options.withOnlineIds ?? false);
  if (values.length === 0) {
    return [];
  }
  const base = hmac.create(sha256, options.linkageKey);
  const keys = values.map(({ kind, value }) =>
    bytesToHex(
      base
        .clone()
        .update(utf8ToBytes(`${kind}:${value}`))
        .digest(),
    ),
  );
  return [...new Set(keys)].sort();
}

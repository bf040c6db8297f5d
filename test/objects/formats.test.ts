// The hand-written format checks: IP parsing as Go's net.ParseIP, and upstream's name formats.
import { describe, expect, it } from 'vitest';
import { dns1123Label, dns1123Subdomain, endpointIP, labelValue, parseIP, qualifiedName } from '../../host/objects/formats.js';

describe('parseIP', () => {
  it.each([
    ['10.0.0.1', 'IPv4'],
    ['255.255.255.255', 'IPv4'],
    ['010.001.000.001', 'IPv4'],
    ['::', 'IPv6'],
    ['::1', 'IPv6'],
    ['1::', 'IPv6'],
    ['2001:db8::7', 'IPv6'],
    ['2001:DB8:0:0:0:0:0:7', 'IPv6'],
    ['1:2:3:4:5:6:7::', 'IPv6'],
    ['1:2:3:4:5:6:1.2.3.4', 'IPv6'],
    ['64:ff9b::10.0.0.1', 'IPv6'],
    ['::ffff:10.0.0.1', 'IPv4'],
  ])('reads %s as %s', (text, family) => {
    expect(parseIP(text)?.family).toBe(family);
  });

  it.each([
    '',
    '10.0.0',
    '10.0.0.1.2',
    '256.0.0.1',
    '10.0.0.-1',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    ':1',
    '1:',
    ':::',
    'fe80::1%eth0',
    '::1.2.3',
    '1.2.3.4::',
    'g::1',
    'none',
  ])('refuses %j', (text) => {
    expect(parseIP(text)).toBeNull();
  });

  it('expands :: to the right number of zero groups', () => {
    expect(Array.from(parseIP('1::2')!.bytes)).toEqual([0, 1, ...Array(12).fill(0), 0, 2]);
    expect(Array.from(parseIP('::ffff:1.2.3.4')!.bytes.subarray(10))).toEqual([0xff, 0xff, 1, 2, 3, 4]);
  });
});

describe('endpointIP', () => {
  const check = (ip: string) => endpointIP(ip, parseIP(ip)!);

  it('accepts ordinary unicast addresses of both families', () => {
    expect([check('10.244.0.5'), check('2001:db8::5'), check('fd00:10:244::5')]).toEqual([[], [], []]);
  });

  it('refuses unspecified, loopback, link-local and link-local multicast addresses', () => {
    expect(check('0.0.0.0')).toEqual(['may not be unspecified (0.0.0.0)']);
    expect(check('127.1.2.3')).toEqual(['may not be in the loopback range (127.0.0.0/8, ::1/128)']);
    expect(check('169.254.0.1')).toEqual(['may not be in the link-local range (169.254.0.0/16, fe80::/10)']);
    expect(check('febf::1')).toEqual(['may not be in the link-local range (169.254.0.0/16, fe80::/10)']);
    expect(check('224.0.0.251')).toEqual(['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)']);
    expect(check('ff02::fb')).toEqual(['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)']);
    expect(check('224.0.1.1')).toEqual([]);
  });
});

describe('names', () => {
  it('DNS-1123 labels: at most 63 characters, no dots', () => {
    expect(dns1123Label('a'.repeat(63))).toEqual([]);
    expect(dns1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(dns1123Label('a.b')).toEqual(['must not contain dots']);
  });

  it('DNS-1123 subdomains: at most 253 characters', () => {
    expect(dns1123Subdomain('a.b-c.d')).toEqual([]);
    expect(dns1123Subdomain(`${'a'.repeat(63)}.`.repeat(4).slice(0, 254))[0]).toBe('must be no more than 253 characters');
  });

  it('label values may be empty, and mixed case', () => {
    expect(labelValue('')).toEqual([]);
    expect(labelValue('My_Value.1')).toEqual([]);
    expect(labelValue('-x')).toHaveLength(1);
  });

  it('qualified names: optional DNS-subdomain prefix, non-empty name part', () => {
    expect(qualifiedName('topology.kubernetes.io/zone')).toEqual([]);
    expect(qualifiedName('/zone')).toEqual(['prefix part must be non-empty']);
    expect(qualifiedName('example.com/')).toEqual(['name part must be non-empty']);
    expect(qualifiedName('Example.com/x')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(qualifiedName('a b')[0]).toMatch(/^name part must consist of alphanumeric characters/);
  });
});

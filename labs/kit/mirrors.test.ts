import { describe, expect, test } from 'vitest';
import { hostsToml, MIRRORS_ENV, mirrorsFrom, mirrorsNote, parseMirrors, upstreamOf } from './mirrors.ts';

describe('registry mirrors', () => {
  test('REGISTRY=URL pairs are parsed, a trailing slash dropped', () => {
    expect(parseMirrors(['docker.io=https://hub.mirror.example.com/', 'registry.k8s.io=http://10.0.0.5:5000'])).toEqual(
      [
        { registry: 'docker.io', url: 'https://hub.mirror.example.com' },
        { registry: 'registry.k8s.io', url: 'http://10.0.0.5:5000' },
      ],
    );
  });

  test.each([
    ['https://mirror.example.com', /write REGISTRY=URL/],
    ['docker=https://mirror.example.com', /write REGISTRY=URL/],
    ['docker.io=mirror.example.com', /is not a URL/],
    ['docker.io=ftp://mirror.example.com', /http or https/],
  ])('%s is refused with one line that says what to write', (value, message) => {
    expect(() => parseMirrors([value])).toThrow(message);
  });

  test('a registry named twice is refused', () => {
    expect(() => parseMirrors(['quay.io=https://a.example.com', 'quay.io=https://b.example.com'])).toThrow(/twice/);
  });

  test('the command line wins over the environment variable, which is read comma-separated', () => {
    const env = { [MIRRORS_ENV]: 'docker.io=https://a.example.com, quay.io=https://b.example.com' };
    expect(mirrorsFrom(undefined, env).map((mirror) => mirror.registry)).toEqual(['docker.io', 'quay.io']);
    expect(mirrorsFrom(['ghcr.io=https://c.example.com'], env).map((mirror) => mirror.registry)).toEqual(['ghcr.io']);
    expect(mirrorsFrom(undefined, {})).toEqual([]);
  });

  test("containerd's hosts.toml tries the mirror first and falls back to the registry itself", () => {
    expect(hostsToml({ registry: 'docker.io', url: 'https://hub.mirror.example.com' })).toBe(
      [
        'server = "https://registry-1.docker.io"',
        '',
        '[host."https://hub.mirror.example.com"]',
        '  capabilities = ["pull", "resolve"]',
      ].join('\n'),
    );
    expect(upstreamOf('registry.k8s.io')).toBe('https://registry.k8s.io');
  });

  test('the run says which registry goes through which mirror', () => {
    expect(mirrorsNote([{ registry: 'docker.io', url: 'https://m.example.com' }])).toContain(
      'docker.io through https://m.example.com',
    );
  });
});

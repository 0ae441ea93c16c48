import { describe, expect, test } from 'vitest';
import { configuredSite, siteAddress } from './site-url.ts';

describe('site address', () => {
  test('a project site on GitHub Pages: the origin is the site, the path the base', () => {
    expect(siteAddress('https://owner.github.io/k8s-field-labs/', 'X')).toEqual({
      site: 'https://owner.github.io',
      base: '/k8s-field-labs/',
    });
  });

  test('a URL without its trailing slash (GitHub Pages writes base_url so) gets one', () => {
    expect(siteAddress('https://owner.github.io/k8s-field-labs', 'X').base).toBe('/k8s-field-labs/');
    expect(siteAddress('https://owner.github.io/a/b//', 'X').base).toBe('/a/b/');
  });

  test('a site at the root of its domain has the base /', () => {
    expect(siteAddress('https://labs.example.com', 'X')).toEqual({ site: 'https://labs.example.com', base: '/' });
    expect(siteAddress('http://localhost:4321/', 'X')).toEqual({ site: 'http://localhost:4321', base: '/' });
  });

  test('anything else is refused in one line that names where it came from', () => {
    for (const [value, reason] of [
      ['owner.github.io/repo', 'not an absolute URL'],
      ['', 'not an absolute URL'],
      ['ftp://owner.github.io/repo/', 'must start with https:// or http://'],
      ['https://owner.github.io/repo/?x=1', 'no user, query or fragment'],
      ['https://owner.github.io/repo/#top', 'no user, query or fragment'],
      ['https://user:pw@owner.github.io/repo/', 'no user, query or fragment'],
      ['https://owner.github.io/a//b/', 'empty or relative segment'],
    ] as const) {
      expect(() => siteAddress(value, 'FIELDLAB_SITE_URL'), value).toThrow(reason);
      expect(() => siteAddress(value, 'FIELDLAB_SITE_URL'), value).toThrow(/^FIELDLAB_SITE_URL is "/);
      try {
        siteAddress(value, 'FIELDLAB_SITE_URL');
      } catch (error) {
        expect((error as Error).message).not.toContain('\n');
      }
    }
  });
});

describe('the one setting', () => {
  test('FIELDLAB_SITE_URL wins over package.json "homepage"', () => {
    expect(configuredSite({ FIELDLAB_SITE_URL: 'https://o.github.io/r/' }, 'http://localhost:4321/')).toEqual({
      site: 'https://o.github.io',
      base: '/r/',
    });
  });

  test('unset or empty, the homepage is the default', () => {
    expect(configuredSite({}, 'http://localhost:4321/')).toEqual({ site: 'http://localhost:4321', base: '/' });
    expect(configuredSite({ FIELDLAB_SITE_URL: ' ' }, 'http://localhost:4321/').base).toBe('/');
  });

  test('a bad homepage is named as such; none at all says what to set', () => {
    expect(() => configuredSite({}, 'nope')).toThrow('package.json "homepage" is "nope"');
    expect(() => configuredSite({}, undefined)).toThrow('set one of them to the site URL');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { listLabIds } from './registry.ts';
import { labStatus, MAX_OUTPUT, readTranscripts, redact, runsDir, type Transcript } from './transcript.ts';

const pem = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBszCCAVmgAwIBAgIUQm9ndXMgY2VydGlmaWNhdGU=',
  '-----END CERTIFICATE-----',
].join('\n');
const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLWJ5dGVz';

describe('what a transcript may hold (unit tests)', () => {
  test('PEM blocks, base64 PEM, tokens and kubeconfig credentials are redacted; the rest stays', () => {
    const text = `before\n${pem}\nafter ${Buffer.from(pem).toString('base64')} and ${jwt}\nclient-key-data: ${'A'.repeat(40)}\nkind: Pod`;
    const clean = redact(text);
    expect(clean).toContain('before');
    expect(clean).toContain('[redacted: PEM certificate]');
    expect(clean).toContain('[redacted: base64 PEM block');
    expect(clean).toContain('[redacted: JSON web token]');
    expect(clean).toContain('client-key-data: [redacted]');
    expect(clean).toContain('kind: Pod');
    expect(clean).not.toContain('MIIBszCCAVmg');
    expect(clean).not.toContain(jwt);
  });

  test('ANSI codes go, and a long output is cut in the middle and says how much', () => {
    expect(redact('\u001b[32mok\u001b[0m')).toBe('ok');
    const long = redact(`start${'x'.repeat(MAX_OUTPUT * 2)}end`);
    expect(long.length).toBeLessThan(MAX_OUTPUT + 100);
    expect(long.startsWith('start')).toBe(true);
    expect(long.endsWith('end')).toBe(true);
    expect(long).toMatch(/characters cut/);
  });

  test('every committed transcript parses and holds no key, token or certificate body', () => {
    for (const id of listLabIds()) {
      expect(() => readTranscripts(id)).not.toThrow();
      for (const transcript of readTranscripts(id)) {
        const file = join(runsDir(id), `${transcript.startedAt.replace(/[:.]/g, '-')}-${transcript.scope}.json`);
        const text = readFileSync(file, 'utf8');
        expect(text, file).not.toMatch(/-----BEGIN [A-Z ]+-----/);
        expect(text, file).not.toMatch(/LS0tLS1CRUdJT/);
        expect(text, file).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\.eyJ/);
        expect(text, file).not.toMatch(/(client-key-data|client-certificate-data): [A-Za-z0-9+/=]{16,}/);
      }
    }
  });
});

describe('status from transcripts (unit tests)', () => {
  const run = (platform: Partial<Transcript['platform']>): Transcript => ({
    lab: 'x',
    scope: 'full',
    result: 'passed',
    startedAt: '2026-12-02T05:03:55.324Z',
    durationMs: 120_000,
    platform: { os: 'linux/x64', kind: '0.33.0', kubernetes: '1.36.4', engine: 'podman 4.3.1', ...platform },
    tools: {},
    images: [],
    steps: [],
  });

  test('a run on our source-built node image is never called verified, even where source was not recorded', () => {
    expect(labStatus([run({ source: 'source-built' })]).kind).toBe('source-built');
    expect(labStatus([run({ nodeImage: 'kindest/node:v1.36.4-fieldlab-source' })]).kind).toBe('source-built');
  });

  test('a run on the upstream node image is verified', () => {
    expect(labStatus([run({ source: 'upstream', nodeImage: 'kindest/node:v1.36.4@sha256:abc' })]).kind).toBe(
      'verified',
    );
  });
});

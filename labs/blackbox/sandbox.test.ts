// The offline sandbox of the Blackbox lab writes the lab's files where its Pods mount them. Unit test of
// the file modes only: no namespace is started, so it needs no root.
import { generateKeyPairSync } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Sandbox } from './sandbox.ts';

describe('the Blackbox test sandbox', () => {
  test('writes a private key 0600 and the other files 0644', async () => {
    const box = new Sandbox();
    try {
      // A key made for this test, so no key sits in the repository.
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      box.etc('nginx/tls/tls.key', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
      box.etc('nginx/tls/tls.crt', 'certificate\n');
      box.etc('hosts', '127.0.0.1 localhost\n');
      const mode = (path: string) => (statSync(join(box.dir, 'etc-upper', path)).mode & 0o777).toString(8);
      expect(mode('nginx/tls/tls.key')).toBe('600');
      expect(mode('nginx/tls/tls.crt')).toBe('644');
      expect(mode('hosts')).toBe('644');
    } finally {
      await box.stop();
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors.ts';

/**
 * What kind's node-image builder writes into a node, read from the kind module's own source
 * (pkg/build/nodeimage/const_*.go), so that the source-built node carries kind's manifests and
 * image names exactly, for whichever kind version the platform pins.
 */
export interface KindNodeDefaults {
  cniManifest: string;
  storageManifest: string;
  /** Every image the two manifests reference. */
  images: string[];
  /** containerd's sandbox image in kind's base config. */
  sandboxImage: string;
}

/** The value of `const NAME = "..."` in Go source. */
export function goStringConst(source: string, name: string): string {
  const match = new RegExp(`const ${name} = "([^"]*)"`).exec(source);
  if (!match?.[1]) throw new UserError(`kind source: no string constant ${name}`, 1);
  return match[1];
}

/**
 * The value of a raw-string constant built from literals and other constants:
 * const x = `...` + name + `...`.
 */
export function goRawConst(source: string, name: string, constants: Record<string, string>): string {
  const start = source.indexOf(`const ${name} = `);
  if (start === -1) throw new UserError(`kind source: no constant ${name}`, 1);
  let rest = source.slice(start + `const ${name} = `.length);
  let value = '';
  for (;;) {
    rest = rest.replace(/^\s*/, '');
    if (rest.startsWith('`')) {
      const end = rest.indexOf('`', 1);
      value += rest.slice(1, end);
      rest = rest.slice(end + 1);
    } else {
      const identifier = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0];
      if (!identifier || constants[identifier] === undefined) {
        throw new UserError(`kind source: cannot read constant ${name} near "${rest.slice(0, 30)}"`, 1);
      }
      value += constants[identifier];
      rest = rest.slice(identifier.length);
    }
    const next = /^\s*\+/.exec(rest);
    if (!next) return value;
    rest = rest.slice(next[0].length);
  }
}

export function kindNodeDefaults(kindDir: string): KindNodeDefaults {
  const dir = join(kindDir, 'pkg', 'build', 'nodeimage');
  const cni = readFileSync(join(dir, 'const_cni.go'), 'utf8');
  const storage = readFileSync(join(dir, 'const_storage.go'), 'utf8');
  const kindnetdImage = goStringConst(cni, 'kindnetdImage');
  const storageProvisionerImage = goStringConst(storage, 'storageProvisionerImage');
  const storageHelperImage = goStringConst(storage, 'storageHelperImage');
  const constants = { kindnetdImage, storageProvisionerImage, storageHelperImage };
  const containerd = readFileSync(join(kindDir, 'images', 'base', 'files', 'etc', 'containerd', 'config.toml'), 'utf8');
  const sandbox = /sandbox_image = "([^"]+)"/.exec(containerd)?.[1];
  if (!sandbox) throw new UserError('kind source: no sandbox_image in the base containerd config', 1);
  return {
    cniManifest: goRawConst(cni, 'defaultCNIManifest', constants),
    storageManifest: goRawConst(storage, 'defaultStorageManifest', constants),
    images: [kindnetdImage, storageProvisionerImage, storageHelperImage],
    sandboxImage: sandbox,
  };
}

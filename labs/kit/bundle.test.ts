// Unit tests of the offline bundle (`images save`, `images load`) with a fake docker on PATH that keeps a
// tiny image store, and the real tar and sha256. The real rehearsals (podman 4.3 and Docker 20.10 with the
// source-built images and no registry at all) are in the README's "Offline rooms" notes and labs/*/runs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tagOf } from './bundle.ts';
import { PLATFORM } from './platform.ts';
import { calls, cli, demoSandbox, type Sandbox } from './testing/harness.ts';

const store = (box: Sandbox) => join(box.fakeState, 'images');
const key = (ref: string) => ref.replaceAll(/[/:@]/g, '_');

function hold(box: Sandbox, ref: string, id: string): void {
  mkdirSync(store(box), { recursive: true });
  writeFileSync(join(store(box), key(ref)), id);
}

const NODE_ID = `sha256:${'a'.repeat(64)}`;
const BUSYBOX_ID = `sha256:${'b'.repeat(64)}`;

/** A laptop that pulled the pinned node image by digest and the demo lab's busybox. */
function laptop(): Sandbox {
  const box = demoSandbox();
  hold(box, PLATFORM.nodeImage, NODE_ID);
  hold(box, tagOf(PLATFORM.nodeImage), NODE_ID);
  hold(box, 'busybox:1.37.0', BUSYBOX_ID);
  return box;
}

function unpack(box: Sandbox, file: string): string {
  const dir = join(box.root, `unpacked-${Date.now()}`);
  mkdirSync(dir);
  execFileSync('tar', ['-xf', file, '-C', dir]);
  return dir;
}

describe('offline bundle (unit tests with a fake docker)', () => {
  test('save writes one archive per image with its SHA-256; load on a bare machine restores them, and run gives kind the node image by tag', async () => {
    const box = laptop();
    const file = join(box.root, 'room.tar');
    const saved = await cli(box, ['images', 'save', file, 'demo']);
    expect(saved.code, saved.stdout + saved.stderr).toBe(0);
    expect(saved.stdout).toMatch(
      /^wrote .*room\.tar: 2 image\(s\), 0 MiB, for linux\/\w+; on each laptop: npm run lab -- images load /m,
    );
    const saves = calls(box).filter((call) => call.tool === 'docker' && call.args[0] === 'save');
    // By tag, for this platform only (Docker API 1.48+): what Docker's containerd image store can export.
    expect(saves.map((call) => call.args.at(-1))).toEqual([tagOf(PLATFORM.nodeImage), 'busybox:1.37.0']);
    for (const call of saves) expect(call.args.slice(1, 3)).toEqual(['--platform', expect.stringMatching(/^linux\//)]);
    const dir = unpack(box, file);
    const index = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
    expect(index.format).toBe('fieldlab-images/1');
    expect(index.images.map((image: { ref: string; id: string }) => [image.ref, image.id])).toEqual([
      [PLATFORM.nodeImage, NODE_ID],
      ['busybox:1.37.0', BUSYBOX_ID],
    ]);
    for (const image of index.images) {
      const sum = execFileSync('sha256sum', [join(dir, image.file)], { encoding: 'utf8' }).split(' ')[0];
      expect(image.sha256).toBe(sum);
    }
    // No staging folder is left beside the bundle.
    expect(readdirSync(box.root).filter((name) => name.includes('partial'))).toEqual([]);

    // Another laptop: nothing in the engine.
    rmSync(store(box), { recursive: true });
    const loaded = await cli(box, ['images', 'load', file]);
    expect(loaded.code, loaded.stdout + loaded.stderr).toBe(0);
    expect(loaded.stdout).toContain('loaded 2 image(s)');
    // As with Docker's classic store, the load restored tags, not the pinned digest.
    expect(readdirSync(store(box)).sort()).toEqual([key('busybox:1.37.0'), key(tagOf(PLATFORM.nodeImage))].sort());
    const before = calls(box).length;
    const run = await cli(box, ['run', 'demo', '--record']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // The transcript says where the node image came from.
    const runs = join(box.labsDir, 'demo', 'runs');
    const transcript = JSON.parse(readFileSync(join(runs, readdirSync(runs)[0] as string), 'utf8'));
    expect(transcript.platform.adjustments).toContainEqual(
      expect.stringMatching(/^node image kindest\/node:v\d+\.\d+\.\d+ comes from the offline bundle/),
    );
    const create = calls(box)
      .slice(before)
      .find((call) => call.line.startsWith('kind create cluster'));
    expect(create?.args).toContain(tagOf(PLATFORM.nodeImage));
    expect(run.stdout).toMatch(/note: node image kindest\/node:v\d+\.\d+\.\d+ comes from the offline bundle/);
    // The lab's image goes into the node as this platform's archive, not by `kind load docker-image`.
    const after = calls(box).slice(before);
    expect(after.some((call) => call.line.startsWith('kind load docker-image'))).toBe(false);
    const save = after.findIndex((call) =>
      call.line.match(/^docker save --platform linux\/\w+ -o \S+ docker\.io\/library\/busybox:1\.37\.0$/),
    );
    const load = after.findIndex((call) => call.line.match(/^kind load image-archive \S+image\.tar --name fieldlab$/));
    expect(save, after.map((call) => call.line).join('\n')).toBeGreaterThanOrEqual(0);
    expect(load).toBeGreaterThan(save);
  });

  test('load tells an image whose ID changed, and takes podman’s bare IDs and Docker’s "sha256:" ones as the same', async () => {
    const box = laptop();
    const file = join(box.root, 'room.tar');
    expect((await cli(box, ['images', 'save', file, 'demo'])).code).toBe(0);
    const dir = unpack(box, file);
    const index = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
    // As podman saves it: the node image's ID without "sha256:"; busybox's differs from what Docker will hold.
    index.images[0].id = NODE_ID.replace(/^sha256:/, '');
    index.images[1].id = `sha256:${'c'.repeat(64)}`;
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify(index));
    const edited = join(box.root, 'edited.tar');
    execFileSync('tar', ['-cf', edited, '-C', dir, 'bundle.json', 'images']);
    rmSync(store(box), { recursive: true });
    const loaded = await cli(box, ['images', 'load', edited]);
    expect(loaded.code, loaded.stdout + loaded.stderr).toBe(0);
    expect(loaded.stdout).toContain(`  loaded ${PLATFORM.nodeImage}\n`);
    expect(loaded.stdout).toContain(`  loaded busybox:1.37.0 (ID ${'b'.repeat(12)}, saved as ${'c'.repeat(12)})\n`);
  });

  test('a damaged bundle is refused before anything is loaded', async () => {
    const box = laptop();
    const file = join(box.root, 'room.tar');
    expect((await cli(box, ['images', 'save', file, 'demo'])).code).toBe(0);
    const dir = unpack(box, file);
    writeFileSync(join(dir, 'images', '02.tar'), 'fake-image\tbusybox:1.37.0\tsha256:evil\n');
    const damaged = join(box.root, 'damaged.tar');
    execFileSync('tar', ['-cf', damaged, '-C', dir, 'bundle.json', 'images']);
    const before = calls(box).length;
    const result = await cli(box, ['images', 'load', damaged]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^lab: .*damaged\.tar is damaged: images\/02\.tar \(busybox:1\.37\.0\) does not match its SHA-256; copy the bundle again$/,
    );
    expect(
      calls(box)
        .slice(before)
        .some((call) => call.args[0] === 'load'),
    ).toBe(false);
  });

  test('save names every image the engine lacks in one line and writes nothing', async () => {
    const box = demoSandbox();
    const file = join(box.root, 'room.tar');
    const result = await cli(box, ['images', 'save', file, 'demo']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `lab: docker does not hold these 2 images: ${PLATFORM.nodeImage}, busybox:1.37.0; pull them first ("docker pull <image>"), or build the platform ("npm run lab -- images build")`,
    );
    expect(existsSync(file)).toBe(false);
  });

  test('save never overwrites a file; load refuses what is not a bundle', async () => {
    const box = laptop();
    const file = join(box.root, 'notes.txt');
    writeFileSync(file, 'my notes\n');
    const saved = await cli(box, ['images', 'save', file]);
    expect(saved.code).toBe(2);
    expect(saved.stderr).toMatch(/notes\.txt exists; remove it or name another file/);
    expect(readFileSync(file, 'utf8')).toBe('my notes\n');
    const loaded = await cli(box, ['images', 'load', file]);
    expect(loaded.code).toBe(2);
    expect(loaded.stderr.trim().split('\n')).toHaveLength(1);
    expect(loaded.stderr).toMatch(/^lab: .*notes\.txt is not an image bundle of this project/);
  });
});

import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A memory cgroup of the host kernel, as the kubelet makes one per container:
 * cgroup v2 (memory.max) where the host has it, else the v1 memory controller.
 * Needs root; tests run as root in CI.
 */
export class MemoryCgroup {
  readonly dir: string;
  private readonly version: 1 | 2;

  constructor(name: string, limitBytes: number) {
    if (process.getuid?.() !== 0)
      throw new Error('the kernel tests need root (CI runs as root): they create a memory cgroup and mount tmpfs');
    if (existsSync('/sys/fs/cgroup/cgroup.controllers')) {
      this.version = 2;
      this.dir = join('/sys/fs/cgroup', name);
    } else if (existsSync('/sys/fs/cgroup/memory')) {
      this.version = 1;
      this.dir = join('/sys/fs/cgroup/memory', name);
    } else {
      throw new Error('no memory cgroup controller on this host');
    }
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, this.version === 2 ? 'memory.max' : 'memory.limit_in_bytes'), String(limitBytes));
  }

  /** How many times the kernel's OOM killer acted in this cgroup. */
  oomKills(): number {
    const file = join(this.dir, this.version === 2 ? 'memory.events' : 'memory.oom_control');
    const match = /^oom_kill (\d+)$/m.exec(readFileSync(file, 'utf8'));
    return Number(match?.[1] ?? 0);
  }

  /** A shell prefix that moves the shell into this cgroup before it runs the rest. */
  enter(): string {
    return `echo $$ > ${join(this.dir, 'cgroup.procs')};`;
  }

  remove(): void {
    if (existsSync(this.dir)) rmdirSync(this.dir);
  }
}

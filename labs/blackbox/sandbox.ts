import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type ShResult, sh } from '../kit/sh.ts';

/**
 * A private network and mount namespace that plays the cluster for offline tests:
 * only loopback exists, so every port is free and nothing leaves the machine, and
 * /etc is an overlay, so /etc/hosts can send Service names to 127.0.0.1 and the
 * lab's files sit at the paths its Pods use, without touching the host's /etc.
 * Needs root (CI runs as root), unshare, nsenter and overlayfs.
 */
export class Sandbox {
  readonly dir: string;
  private readonly upper: string;
  private holder: ChildProcess | undefined;
  private readonly daemons: ChildProcess[] = [];

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'blackbox-lab-'));
    chmodSync(this.dir, 0o755);
    this.upper = join(this.dir, 'etc-upper');
    mkdirSync(this.upper, { mode: 0o755 });
    mkdirSync(join(this.dir, 'etc-work'));
  }

  /**
   * Writes a file that the namespace sees as /etc/<path>: readable by all (the exporter also runs as
   * nobody), except a private key, which only its owner (root, who runs nginx here) may read.
   */
  etc(path: string, content: string): void {
    const file = join(this.upper, path);
    mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
    const mode = /\.key$|[-_.]key\.pem$/.test(path) ? 0o600 : 0o644;
    writeFileSync(file, content, { mode });
    chmodSync(file, mode);
  }

  async start(): Promise<void> {
    const setup = [
      `mount -t overlay overlay -o lowerdir=/etc,upperdir=${this.upper},workdir=${join(this.dir, 'etc-work')} /etc`,
      'ip link set lo up',
      'echo ready',
      'exec sleep 600',
    ].join(' && ');
    const holder = spawn('unshare', ['--net', '--mount', 'sh', '-c', setup], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.holder = holder;
    await new Promise<void>((resolve, reject) => {
      let err = '';
      holder.stderr?.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      holder.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      holder.on('exit', (code) =>
        reject(new Error(`cannot create the test namespace (unshare exited ${code}): ${err.trim()}; run as root`)),
      );
    });
  }

  private enter(workdir?: string): string[] {
    if (this.holder?.pid === undefined) throw new Error('the sandbox has not started');
    const wd = workdir === undefined ? [] : [`--wdns=${workdir}`];
    return ['-t', String(this.holder.pid), '--net', '--mount', ...wd, '--'];
  }

  /** Runs a shell command inside the namespace and waits for it. */
  run(command: string, timeoutMs = 20_000): Promise<ShResult> {
    const quoted = `'${command.replaceAll("'", `'\\''`)}'`;
    return sh(`nsenter ${this.enter().join(' ')} bash -c ${quoted}`, { cwd: this.dir, env: process.env, timeoutMs });
  }

  /** Starts a long-running process inside the namespace; its output goes to <dir>/<name>.log. */
  daemon(name: string, argv: string[], workdir?: string): ChildProcess {
    const log = join(this.dir, `${name}.log`);
    writeFileSync(log, '');
    // nsenter execs the program after joining the namespaces, so the pid is the daemon's own.
    const child = spawn('nsenter', [...this.enter(workdir), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    const append = (chunk: Buffer) => writeFileSync(log, chunk, { flag: 'a' });
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.daemons.push(child);
    return child;
  }

  /** Polls a command until it exits 0 and passes `ok`, or the deadline passes. */
  async waitFor(command: string, ok: (out: string) => boolean = () => true, timeoutMs = 15_000): Promise<ShResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await this.run(command);
      if (result.exitCode === 0 && ok(result.stdout)) return result;
      if (Date.now() > deadline) return result;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(): Promise<void> {
    const all = [...this.daemons, ...(this.holder ? [this.holder] : [])];
    await Promise.all(all.map((child) => stopChild(child)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

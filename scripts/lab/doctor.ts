import { diagnose, formatFindings } from '../../labs/kit/doctor.ts';
import { mirrorsFrom } from '../../labs/kit/mirrors.ts';
import { loadAllLabs, loadLab } from '../../labs/kit/registry.ts';
import type { Command } from './command.ts';

export const doctor: Command = {
  name: 'doctor',
  usage: 'doctor [<lab>] [--offline] [--registry-mirror REGISTRY=URL]...',
  summary:
    'check this machine for a lab (or all labs): engine, tools, engine memory, cgroups, inotify, ports, registries',
  help: [
    'Prints a ✔/✘ table with the fix for each ✘ and exits non-zero when anything is ✘. Changes nothing. Run it before a workshop.',
    'Without a lab it checks what every lab needs; with one, what that lab needs.',
    '',
    'It checks: the container engine kind will use (Docker, or rootful podman with KIND_EXPERIMENTAL_PROVIDER=podman);',
    'each tool against the highest minimum the labs ask for (openssl must be OpenSSL 3, not LibreSSL);',
    "the engine's memory as the engine reports it (Docker Desktop's VM, not the laptop): 4 GiB, 8 for the Istio labs;",
    'cgroup v2; the inotify limits on Linux; the host ports the labs map; and that each registry the labs pull',
    'from answers (an HTTPS GET of /v2/ within 5 s), with a mirror or the offline bundle as the fix where one does not.',
    '',
    '  --offline           do not check the registries: for the source-built platform ("images build"), which',
    '                      reaches none, or a room that brings its images on the offline bundle',
    '  --registry-mirror REGISTRY=URL',
    '                      check the mirror run will be given in place of REGISTRY (repeat per registry);',
    '                      FIELDLAB_REGISTRY_MIRRORS=docker.io=URL,… does the same, as it does for run',
  ].join('\n'),
  options: {
    offline: { type: 'boolean' },
    'registry-mirror': { type: 'string', multiple: true },
  },
  positionals: [0, 1],
  operands: ['lab'],
  async run([id], values) {
    const typed = values['registry-mirror'];
    const mirrors = mirrorsFrom(Array.isArray(typed) ? typed.filter((item) => typeof item === 'string') : undefined);
    const labs = id === undefined ? await loadAllLabs() : [await loadLab(id)];
    const findings = await diagnose(labs, { named: id !== undefined, offline: values.offline === true, mirrors });
    process.stdout.write(`${formatFindings(findings)}\n`);
    const bad = findings.filter((finding) => !finding.ok).length;
    process.stdout.write(
      bad === 0 ? 'ready for the labs\n' : `${bad} problem${bad === 1 ? '' : 's'} to fix before the labs can run\n`,
    );
    return bad === 0 ? 0 : 1;
  },
};

import { UserError } from '../../labs/kit/errors.ts';
import { mirrorsFrom } from '../../labs/kit/mirrors.ts';
import { loadLab } from '../../labs/kit/registry.ts';
import { runLab } from '../../labs/kit/runner.ts';
import { type Command, langOf } from './command.ts';

export const run: Command = {
  name: 'run',
  usage:
    'run <lab> [--keep] [--step] [--from <step>] [--only host] [--exercises] [--record] [--junit FILE] [--kubeconfig FILE --context NAME] [--lang zh-cn] [--node-image REF] [--registry-mirror REGISTRY=URL]...',
  summary: 'create or reuse the cluster, run and check every step, clean up',
  help: [
    "Creates the lab's kind cluster (or reuses it), runs each step, proves it with the step's checks and cleans up.",
    "The cluster's credentials go to a kubeconfig file of the run's own under .lab-work/clusters/; your kubeconfig is never read or written.",
    'A cluster this run created is deleted at the end; a reused one keeps running and only what the lab made is removed: what carries the label fieldlab.dev/lab=<lab>.',
    "A run refuses to start on a cluster where a namespace or cluster-wide object of the lab exists without that label: it is someone else's.",
    'Ctrl-C, SIGTERM and SIGHUP (a closed terminal) stop the current command and clean up, a half-made cluster included. One run at a time per cluster. On failure, diagnostics go to .lab-artifacts/<lab>/<time>/ first.',
    '',
    '  --keep              keep the cluster and what the lab made (then try "check", "break", "verify")',
    '  --step              workshop mode: explain each step and wait for Enter',
    '  --from <step>       start at this step, on a cluster kept by an earlier run',
    '  --only host         run only the steps that need no cluster, in .lab-work/<lab>/, and say which it skipped',
    '  --exercises         after the steps, prove every exercise: break, verify must fail, solve, verify must pass',
    '  --record            write a transcript to labs/<lab>/runs/ (this is what "verified" means on the site)',
    '  --junit FILE        write a JUnit XML report (never through a symbolic link)',
    '  --kubeconfig FILE   run against another cluster (only labs that allow it); FILE is read, never written;',
    '                      nothing is removed before the steps, only what the lab made after them',
    '  --context NAME      the context of FILE to use (required with --kubeconfig)',
    "  --lang zh-cn        workshop mode and a failure's explanation in Simplified Chinese (default: en)",
    '  --node-image REF    create the cluster from another node image, e.g. the source-built',
    '                      kindest/node:v1.36.4-fieldlab-source ("npm run lab -- images build")',
    '  --registry-mirror REGISTRY=URL',
    '                      pull REGISTRY through a mirror (repeat per registry), e.g. docker.io=https://mirror.example.com;',
    '                      written into containerd in every node when the cluster is created, the registry itself as',
    '                      fallback. FIELDLAB_REGISTRY_MIRRORS=docker.io=URL,registry.k8s.io=URL does the same',
  ].join('\n'),
  options: {
    keep: { type: 'boolean' },
    step: { type: 'boolean' },
    from: { type: 'string' },
    only: { type: 'string' },
    record: { type: 'boolean' },
    exercises: { type: 'boolean' },
    junit: { type: 'string' },
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    lang: { type: 'string' },
    'node-image': { type: 'string' },
    'registry-mirror': { type: 'string', multiple: true },
  },
  positionals: [1, 1],
  operands: ['lab'],
  async run([id], values) {
    if (values.only !== undefined && values.only !== 'host') {
      throw new UserError(`--only takes "host", not "${values.only}"`);
    }
    const lang = langOf(values);
    const lab = await loadLab(id as string);
    const typed = values['registry-mirror'];
    const mirrors = mirrorsFrom(Array.isArray(typed) ? typed.filter((item) => typeof item === 'string') : undefined);
    return runLab(lab, {
      ...(mirrors.length > 0 ? { mirrors } : {}),
      ...(lang === 'zh-cn' ? { lang } : {}),
      keep: values.keep === true,
      interactive: values.step === true,
      onlyHost: values.only === 'host',
      record: values.record === true,
      exercises: values.exercises === true,
      ...(typeof values.from === 'string' ? { from: values.from } : {}),
      ...(typeof values.junit === 'string' ? { junit: values.junit } : {}),
      ...(typeof values.kubeconfig === 'string' ? { kubeconfig: values.kubeconfig } : {}),
      ...(typeof values.context === 'string' ? { context: values.context } : {}),
      ...(typeof values['node-image'] === 'string' ? { nodeImage: values['node-image'] } : {}),
    });
  },
};

import { withoutBase } from './base.ts';

export type Lang = 'en' | 'zh-cn';

export function langOf(url: URL): Lang {
  return withoutBase(url.pathname).startsWith('/zh-cn/') ? 'zh-cn' : 'en';
}

/**
 * The marks that join a component's pieces of text: full-width in Chinese, with no space around them
 * (CONTRIBUTING.md, "Chinese typography"). `list` joins the items of an enumeration.
 */
export const PUNCTUATION = {
  en: { comma: ', ', colon: ': ', semicolon: '; ', list: ', ', open: ' (', close: ')' },
  'zh-cn': { comma: '，', colon: '：', semicolon: '；', list: '、', open: '（', close: '）' },
} as const satisfies Record<Lang, Record<string, string>>;

export function punctuation(lang: Lang): (typeof PUNCTUATION)[Lang] {
  return PUNCTUATION[lang];
}

export const STRINGS = {
  step: { en: 'Step', 'zh-cn': '步骤' },
  host: { en: 'runs on your machine, no cluster', 'zh-cn': '在本机运行，无需集群' },
  cluster: { en: 'runs against the cluster', 'zh-cn': '在集群上运行' },
  checks: { en: 'What the checks prove', 'zh-cn': '检查证明了什么' },
  recorded: { en: 'Recorded output, {date}', 'zh-cn': '实测输出（{date}）' },
  recordedSourceBuilt: { en: 'on the source-built platform', 'zh-cn': '在源码构建的平台上' },
  recordedStale: {
    en: 'recorded before this step last changed: the commands above may print something else',
    'zh-cn': '这份记录早于该步骤最近一次修改，上面的命令现在的输出可能不同',
  },
  notRecorded: {
    en: 'No recorded output yet: no passing full run of this lab has run this step.',
    'zh-cn': '暂无实测输出：这个实验还没有哪次通过的完整运行执行过这一步。',
  },
  verdictPassed: { en: 'passed', 'zh-cn': '通过' },
  verdictFailed: { en: 'failed', 'zh-cn': '失败' },
  verdictNotRun: { en: 'not run', 'zh-cn': '未运行' },
  notRunWhy: { en: 'Not run: {reason}', 'zh-cn': '未运行：{reason}' },
  notRunSameWhy: { en: 'Not run, for the same reason as the check above.', 'zh-cn': '未运行，原因同上一项检查。' },
  verdictNotRecorded: { en: 'not in the recording', 'zh-cn': '记录中没有这项检查' },
  showAllLines: { en: 'Show all {n} lines', 'zh-cn': '显示全部 {n} 行' },
  showWholeFile: { en: 'Show the whole file ({n} lines)', 'zh-cn': '显示整个文件（共 {n} 行）' },
  showLess: { en: 'Fold it again', 'zh-cn': '收起' },
  jumpToSteps: { en: 'Jump to the steps', 'zh-cn': '直接跳到步骤' },
  stepList: { en: 'The {n} steps', 'zh-cn': '全部 {n} 个步骤' },
  hostShort: { en: 'no cluster', 'zh-cn': '无需集群' },
  whatVerifiedMeans: { en: 'What this status means', 'zh-cn': '这个状态是什么意思' },
  stepsCount: { en: '{n} steps', 'zh-cn': '{n} 个步骤' },
  hostStepsCount: { en: '{n} without a cluster', 'zh-cn': '其中 {n} 个无需集群' },
  exercisesCount: { en: '{n} exercises', 'zh-cn': '{n} 个练习' },
  exerciseCount: { en: '1 exercise', 'zh-cn': '1 个练习' },
  aboutMinutes: { en: 'about {n} min', 'zh-cn': '约 {n} 分钟' },
  heroRunCaption: {
    en: 'The end of a real run of the {lab} lab, on {date}{platform}: the table the runner printed, read from {file}.',
    'zh-cn': '{lab} 实验一次真实运行的结尾（{date}{platform}）：运行器打印的汇总表，取自 {file}。',
  },
  heroRunSourceBuilt: { en: ' on the source-built platform', 'zh-cn': '，源码构建的平台' },
  otherLanguage: { en: '阅读简体中文版', 'zh-cn': 'Read it in English' },
  duration: { en: 'Time', 'zh-cn': '时长' },
  minutes: { en: 'min', 'zh-cn': '分钟' },
  tools: { en: 'Tools', 'zh-cn': '工具' },
  clusterLabel: { en: 'Cluster', 'zh-cn': '集群' },
  images: { en: 'Images', 'zh-cn': '镜像' },
  runIt: { en: 'Run the whole lab', 'zh-cn': '一条命令运行整个实验' },
  ownKind: { en: 'its own kind cluster (kind.yaml)', 'zh-cn': '独立的 kind 集群（kind.yaml）' },
  sharedKind: { en: 'the shared single-node kind cluster "fieldlab"', 'zh-cn': '共享的单节点 kind 集群“fieldlab”' },
  anyCluster: {
    en: 'or any conformant cluster with --kubeconfig',
    'zh-cn': '也可以用 --kubeconfig 换成任意一个通过一致性认证的集群',
  },
  verified: { en: 'Verified on a cluster', 'zh-cn': '已在真实集群上验证' },
  verifiedDetail: {
    en: 'kind v{kind}, Kubernetes v{k8s}, {date}, in {min} min',
    'zh-cn': 'kind v{kind}，Kubernetes v{k8s}，{date}，用时 {min} 分钟',
  },
  sourceBuilt: { en: 'Ran end to end on the source-built platform', 'zh-cn': '已在源码构建的平台上完整运行' },
  sourceBuiltPartly: {
    en: 'Ran on the source-built platform, {n} step(s) not run',
    'zh-cn': '已在源码构建的平台上运行，{n} 步未运行',
  },
  sourceBuiltDetail: {
    en: 'kind v{kind} and Kubernetes v{k8s} built from source, on {engine}, {date}, in {min} min',
    'zh-cn': 'kind v{kind} 与 Kubernetes v{k8s} 均从源码构建，运行于 {engine}，{date}，用时 {min} 分钟',
  },
  notRunDetail: {
    en: 'not run on that host: {list}',
    'zh-cn': '在该主机上未运行：{list}',
  },
  notRunSteps: { en: 'whole steps: {steps}', 'zh-cn': '整步未运行：{steps}' },
  notRunChecks: { en: 'some checks of: {steps}', 'zh-cn': '部分检查未运行：{steps}' },
  needsUnbuildable: {
    en: 'needs {image} running, which the source-built platform cannot build: {reason}',
    'zh-cn': '需要运行 {image}，而源码构建的平台构建不出这个镜像：{reason}',
  },
  needsDownload: {
    en: 'needs a download from {host}; the source-built platform reaches no host but the package registries',
    'zh-cn': '需要从 {host} 下载，而源码构建的平台只能访问软件包仓库，连不上这个地址',
  },
  stepNotRun: {
    en: 'Not run on the source-built platform: {reason}. The commands above are the ones a learner runs; this recording has no output for them.',
    'zh-cn': '这一步没有在源码构建的平台上运行：{reason}。上面是学习者要执行的命令，本次记录里没有它们的输出。',
  },
  needsCgroupV2: {
    en: 'a check that needs a cgroup v2 host; that host mounts cgroup v1',
    'zh-cn': '该检查需要 cgroup v2 主机，而那台主机挂载的是 cgroup v1',
  },
  failed: { en: 'Last cluster run failed', 'zh-cn': '最近一次集群运行失败' },
  failedDetail: {
    en: 'at step {step}, kind v{kind}, Kubernetes v{k8s}, {date}',
    'zh-cn': '失败于步骤 {step}，kind v{kind}，Kubernetes v{k8s}，{date}',
  },
  offline: { en: 'Not yet run on a cluster', 'zh-cn': '尚未在集群上运行' },
  offlineDetail: {
    en: 'offline checks only: manifests validated, commands exported and linted',
    'zh-cn': '仅通过离线检查：清单已校验，命令已导出并通过 lint',
  },
  cleanup: { en: 'Clean up', 'zh-cn': '清理' },
  byHand: { en: 'Typing the steps yourself instead', 'zh-cn': '想自己逐条输入命令？' },
  byHandWhy: {
    en: 'Run these once from the repository root. They set up what the lab CLI sets up: its cluster, a kubeconfig file of its own (yours is never touched) and a work folder with a copy of the lab’s files, where every command on this page runs.',
    'zh-cn':
      '在仓库根目录执行一次即可。它们准备的和实验 CLI 完全一样：实验用的集群、一个独立的 kubeconfig 文件（不会碰你自己的），以及一个存放实验文件副本的工作目录；本页的每条命令都在这个目录里执行。',
  },
  byHandTitle: { en: 'Set up by hand', 'zh-cn': '手动准备' },
  hint: { en: 'Hint', 'zh-cn': '提示' },
  solution: { en: 'Solution', 'zh-cn': '参考答案' },
  exercise: { en: 'Exercise', 'zh-cn': '练习' },
  sectionDescription: {
    en: '{section}: every article in this section, and for each lab its time, steps and status.',
    'zh-cn': '{section}：本部分的全部文章，以及每个实验的时长、步骤数和运行状态。',
  },
  diagramFullSize: { en: 'Open the diagram full size', 'zh-cn': '查看大图' },
  injectFault: { en: 'Inject the fault, then fix it and verify', 'zh-cn': '注入故障，修复后验证' },
} as const;

export type Key = keyof typeof STRINGS;

export function t(lang: Lang, key: Key, values: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

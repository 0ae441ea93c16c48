import type { Check } from '../kit/schema.ts';
import { defineLab } from '../kit/schema.ts';
import {
  AUDIT_LOG,
  auditJq,
  DEMO,
  DEPLOYER,
  JQ,
  LOGSQL,
  LOGSQL_SCRIPT,
  logsql,
  NODE,
  READ_LOG,
  SECRET_MARKER,
  SECRET_MARKER_BASE64,
} from './questions.ts';

const LAB = 'audit-lab';
const APISERVER_COMMAND = `kubectl -n kube-system get pod -l component=kube-apiserver -o jsonpath='{.items[0].spec.containers[0].command}'`;
const AS_DEPLOYER = 'kubectl --kubeconfig=deployer.kubeconfig';
/** A check that this run's deletion (its Deployment's UID, saved before) is in the answer. */
const THIS_DELETION = '| grep -F -f web.uid';
/** Your own request of the step read-an-event, as a jq selection. */
const KUBE_SYSTEM_GET =
  'select(.verb == "get" and .objectRef.resource == "namespaces" and .objectRef.name == "kube-system")';

function apiserverFlag(flag: string): Check {
  return {
    type: 'command',
    run: `${APISERVER_COMMAND} | jq -r '.[]'`,
    expect: { includes: flag },
    proves: { en: `the API server runs with ${flag}`, 'zh-cn': `API 服务器带着 ${flag} 运行` },
  };
}

export default defineLab({
  id: 'audit',
  title: { en: 'Audit logging', 'zh-cn': '审计日志' },
  summary: {
    en: 'Turn on API server auditing with a policy written for real clusters, then answer the questions an incident brings (who deleted this, who read that Secret, what was refused) with jq on the log file, and again in LogsQL after an OpenTelemetry Collector has shipped the log to VictoriaLogs.',
    'zh-cn':
      '用一份为真实集群写的审计策略打开 API 服务器的审计，然后回答出事时必问的几个问题（谁删了它、谁读了那个 Secret、哪些请求被拒绝），先用 jq 直接查日志文件，再在 OpenTelemetry Collector 把日志送进 VictoriaLogs 之后，用 LogsQL 重新问一遍。',
  },
  duration: 45,
  tools: [
    { name: 'docker', min: '24.0' },
    { name: 'kind', min: '0.33.0' },
    { name: 'kubectl', min: '1.35.0' },
    { name: 'jq', min: '1.6' },
  ],
  images: ['busybox:1.37.0', 'victoriametrics/victoria-logs:v1.52.1', 'otel/opentelemetry-collector-k8s:0.165.0'],
  namespaces: [DEMO, LAB],
  steps: [
    {
      id: 'audit-flags',
      title: { en: 'See how the API server was started', 'zh-cn': '看 API 服务器是怎样启动的' },
      explain: {
        en: "kind.yaml mounted the lab's policy folder into the node and had kubeadm add the audit flags and two volumes to the API server's static Pod. The running Pod shows both, and the policy the node holds is the lab's file.",
        'zh-cn':
          'kind.yaml 把实验的策略目录挂载进节点，又让 kubeadm 给 API 服务器的静态 Pod 加上审计参数和两个卷。正在运行的 Pod 里两样都能看到，节点上的策略文件也正是实验里的那份。',
      },
      run: [
        `${APISERVER_COMMAND} | jq -r '.[] | select(startswith("--audit"))'`,
        `docker exec ${NODE} cat /etc/kubernetes/audit/audit-policy.yaml | diff - files/policy/audit-policy.yaml && echo "the node holds the lab's policy"`,
        `docker exec ${NODE} ls -l /var/log/kubernetes/audit`,
      ],
      show: ['kind.yaml', 'files/policy/audit-policy.yaml'],
      checks: [
        apiserverFlag('--audit-policy-file=/etc/kubernetes/audit/audit-policy.yaml'),
        apiserverFlag(`--audit-log-path=${AUDIT_LOG}`),
        apiserverFlag('--audit-log-maxbackup=5'),
        {
          type: 'jsonpath',
          resource: 'pod/kube-apiserver-fieldlab-audit-control-plane',
          namespace: 'kube-system',
          path: '{.spec.volumes[?(@.name=="audit-log")].hostPath.path}',
          expect: { equals: '/var/log/kubernetes/audit' },
          proves: {
            en: "the API server's Pod mounts the node's log folder",
            'zh-cn': 'API 服务器的 Pod 挂载了节点上的日志目录',
          },
        },
        {
          type: 'command',
          run: `docker exec ${NODE} cat /etc/kubernetes/audit/audit-policy.yaml | diff - files/policy/audit-policy.yaml && echo identical`,
          expect: { equals: 'identical' },
          proves: {
            en: "the policy in the node is the lab's file, mounted by extraMounts",
            'zh-cn': '节点里的策略就是实验的文件，由 extraMounts 挂载进来',
          },
        },
      ],
    },
    {
      id: 'read-an-event',
      title: { en: 'Read one audit event', 'zh-cn': '读一条审计事件' },
      explain: {
        en: 'Every line of the log is one JSON event. Ask the API server something, then find that very request in the log: who asked, from where, with which client, what was decided and why.',
        'zh-cn':
          '日志的每一行都是一条 JSON 事件。先向 API 服务器问点什么，再到日志里找出这一个请求：谁问的、从哪里、用什么客户端、结果如何、为什么。',
      },
      run: [
        'kubectl get namespace kube-system -o name',
        `${READ_LOG} | jq -c '${KUBE_SYSTEM_GET}' | tail -n 1 | jq .`,
        `${READ_LOG} | jq -r '"\\(.stage) \\(.level)"' | sort | uniq -c`,
      ],
      checks: [
        {
          type: 'command',
          run: auditJq(
            `${KUBE_SYSTEM_GET} | [.level, .stage, .user.username, (.responseStatus.code | tostring)] | join(" ")`,
          ),
          expect: { matches: '^Metadata ResponseComplete kubernetes-admin 200$' },
          timeout: '30s',
          proves: {
            en: 'your own request is in the log at the Metadata level, with your user name and its status code',
            'zh-cn': '你自己的请求以 Metadata 级别记录在日志里，带着你的用户名和状态码',
          },
        },
        {
          type: 'command',
          run: auditJq(JQ.stages, { slurp: true }),
          expect: { matches: '^\\{"events":[1-9][0-9]*,"requestReceived":0\\}$' },
          proves: {
            en: 'the log holds events and none of them is a RequestReceived stage, which omitStages drops',
            'zh-cn': '日志里有事件，而且没有一条是 RequestReceived 阶段：omitStages 把它去掉了',
          },
        },
      ],
    },
    {
      id: 'create-demo',
      title: { en: 'Create what the users will touch', 'zh-cn': '创建用户要操作的对象' },
      explain: {
        en: 'audit-demo holds a Deployment, a Secret, a deploy bot (the ServiceAccount deployer) that may scale and delete Deployments, and the right for a person, alice, to read that one Secret.',
        'zh-cn':
          'audit-demo 里有一个 Deployment、一个 Secret、一个部署机器人（ServiceAccount deployer，可以扩缩和删除 Deployment），以及让 alice 这个人读取那一个 Secret 的权限。',
      },
      run: [
        'kubectl apply -f manifests/namespaces.yaml',
        'kubectl apply -f manifests/demo.yaml',
        `kubectl -n ${DEMO} rollout status deployment/web --timeout=120s`,
      ],
      timeout: '3m',
      checks: [
        {
          type: 'condition',
          resource: 'deployment/web',
          namespace: DEMO,
          condition: 'Available',
          timeout: '2m',
          proves: { en: 'the Deployment web is available', 'zh-cn': 'Deployment web 已经可用' },
          // A later step deletes it (the audit trail's question is who did): `check` on a kept cluster skips it.
          moment: true,
        },
        {
          type: 'command',
          run: `kubectl auth can-i delete deployments -n ${DEMO} --as=${DEPLOYER}`,
          expect: { equals: 'yes' },
          proves: { en: 'the deployer may delete Deployments', 'zh-cn': 'deployer 可以删除 Deployment' },
        },
        {
          type: 'command',
          run: `kubectl auth can-i get secrets -n ${DEMO} --as=${DEPLOYER}`,
          expect: { exitCode: 'nonzero', equals: 'no' },
          proves: { en: 'the deployer may not read Secrets', 'zh-cn': 'deployer 不能读取 Secret' },
        },
      ],
    },
    {
      id: 'deployer-kubeconfig',
      title: { en: 'Become the deploy bot', 'zh-cn': '以部署机器人的身份登录' },
      explain: {
        en: 'A separate kubeconfig file with a short-lived token for the ServiceAccount: the requests made with it are authenticated as the ServiceAccount itself, not as you impersonating it.',
        'zh-cn':
          '单独做一个 kubeconfig 文件，里面是这个 ServiceAccount 的短期令牌：用它发出的请求，认证出来的就是 ServiceAccount 本身，而不是你在冒充它。',
      },
      run: [
        "kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > cluster-ca.crt",
        [
          'kubectl config set-cluster lab --kubeconfig=deployer.kubeconfig \\',
          `  --server="$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')" \\`,
          '  --certificate-authority=cluster-ca.crt --embed-certs',
        ].join('\n'),
        `kubectl config set-credentials deployer --kubeconfig=deployer.kubeconfig --token="$(kubectl -n ${DEMO} create token deployer --duration=15m)"`,
        `kubectl config set-context deployer --kubeconfig=deployer.kubeconfig --cluster=lab --user=deployer --namespace=${DEMO}`,
        'kubectl config use-context deployer --kubeconfig=deployer.kubeconfig',
        `${AS_DEPLOYER} auth whoami`,
      ],
      checks: [
        {
          type: 'command',
          run: `${AS_DEPLOYER} auth whoami -o jsonpath='{.status.userInfo.username}'`,
          expect: { equals: DEPLOYER },
          proves: {
            en: 'the new kubeconfig authenticates as the ServiceAccount deployer',
            'zh-cn': '新的 kubeconfig 认证出来的身份是 ServiceAccount deployer',
          },
        },
      ],
    },
    {
      id: 'deployer-acts',
      title: { en: 'The deploy bot scales, snoops and deletes', 'zh-cn': '部署机器人扩缩、窥探、删除' },
      explain: {
        en: "As the deployer: scale web to two replicas, try to read the Secret (refused: its Role does not allow it), then delete web. Before the deletion you note web's UID, so that the log questions later can be checked against this very deletion.",
        'zh-cn':
          '以 deployer 的身份：把 web 扩到两个副本，试着读取 Secret（被拒绝：它的 Role 不允许），然后删掉 web。删除之前先记下 web 的 UID，后面查日志时就能核对找到的正是这一次删除。',
      },
      run: [
        `${AS_DEPLOYER} scale deployment web --replicas=2`,
        `${AS_DEPLOYER} get secret db-password || echo "refused, as expected"`,
        `kubectl -n ${DEMO} get deployment web -o jsonpath='{.metadata.uid}' | tee web.uid`,
        `${AS_DEPLOYER} delete deployment web`,
      ],
      checks: [
        {
          type: 'command',
          run: `kubectl -n ${DEMO} get deployment web`,
          expect: { exitCode: 'nonzero', includes: 'NotFound' },
          proves: { en: 'the Deployment web is gone', 'zh-cn': 'Deployment web 已经不存在了' },
        },
        {
          type: 'command',
          run: 'cat web.uid',
          expect: { matches: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
          proves: {
            en: "the deleted Deployment's UID was noted before the deletion",
            'zh-cn': '删除之前已经记下了这个 Deployment 的 UID',
          },
        },
      ],
    },
    {
      id: 'alice-reads-secret',
      title: { en: 'alice reads the Secret', 'zh-cn': 'alice 读取 Secret' },
      explain: {
        en: 'You act as alice with --as: impersonation. The API server checks that you may impersonate, then authorizes the request as alice. The log records both: you as user, alice as impersonatedUser.',
        'zh-cn':
          '用 --as 以 alice 的身份操作，也就是“身份模拟”（impersonation）。API 服务器先检查你有没有模拟的权限，再按 alice 的权限对请求鉴权。日志把两者都记下：user 是你，impersonatedUser 是 alice。',
      },
      run: [
        `kubectl -n ${DEMO} get secret db-password --as=alice -o jsonpath='{.metadata.name}'`,
        `kubectl -n ${DEMO} get secrets --as=alice || echo "refused, as expected"`,
      ],
      checks: [
        {
          type: 'command',
          run: `kubectl -n ${DEMO} get secret db-password --as=alice -o jsonpath='{.metadata.name}'`,
          expect: { equals: 'db-password' },
          proves: { en: 'alice may read db-password', 'zh-cn': 'alice 可以读取 db-password' },
        },
        {
          type: 'command',
          run: `kubectl auth can-i list secrets -n ${DEMO} --as=alice`,
          expect: { exitCode: 'nonzero', equals: 'no' },
          proves: {
            en: 'alice may not list the Secrets of the namespace',
            'zh-cn': 'alice 不能列出这个命名空间里的 Secret',
          },
        },
      ],
    },
    {
      id: 'who-deleted',
      title: { en: 'jq: who deleted the Deployment?', 'zh-cn': 'jq：谁删了这个 Deployment？' },
      explain: {
        en: "Select the delete of deployments/web in audit-demo at the ResponseComplete stage and print when, who, the status code and the deleted object's UID, which the response body carries because the policy records workload changes in full.",
        'zh-cn':
          '选出 audit-demo 中 deployments/web 在 ResponseComplete 阶段的 delete 事件，打印时间、操作者、状态码和被删对象的 UID。UID 来自响应体：策略对工作负载的变更做完整记录。',
      },
      run: [auditJq(JQ.whoDeleted)],
      checks: [
        {
          type: 'command',
          run: `test -s web.uid && ${auditJq(JQ.whoDeleted)} ${THIS_DELETION}`,
          expect: { matches: `^[^ ]+ ${DEPLOYER} 200 [0-9a-f-]+$` },
          timeout: '30s',
          proves: {
            en: 'the answer names the deployer, and the UID in the log is the one of the Deployment the lab deleted',
            'zh-cn': '答案指向 deployer，日志里的 UID 正是实验删除的那个 Deployment 的 UID',
          },
        },
      ],
    },
    {
      id: 'who-read-secrets',
      title: { en: 'jq: who read Secrets here?', 'zh-cn': 'jq：谁读过这里的 Secret？' },
      explain: {
        en: "Reads of Secrets are logged at Metadata: who, which Secret, allowed or not. The contents never reach the log: the second command counts the Secret events and those with a body, the third searches the whole log for the Secret's value.",
        'zh-cn':
          '对 Secret 的读取以 Metadata 级别记录：谁、哪个 Secret、允许与否。内容永远不会进日志：第二条命令统计 Secret 相关的事件数和其中带请求体或响应体的数目，第三条在整个日志里搜索这个 Secret 的值。',
      },
      run: [
        auditJq(JQ.secretReaders),
        auditJq(JQ.secretBodies, { slurp: true }),
        `${READ_LOG} | awk '/${SECRET_MARKER}|${SECRET_MARKER_BASE64}/ {n++} END {print NR " events, " n+0 " with the secret value"}'`,
      ],
      checks: [
        {
          type: 'command',
          run: auditJq(JQ.secretReaders),
          expect: { matches: ' alice get db-password 200$' },
          proves: {
            en: 'the log shows alice (impersonated by you) reading db-password',
            'zh-cn': '日志显示 alice（由你模拟）读取了 db-password',
          },
        },
        {
          type: 'command',
          run: auditJq(JQ.secretReaders),
          expect: { matches: ` ${DEPLOYER} - get db-password 403$` },
          proves: {
            en: "the log shows the deployer's refused attempt to read it",
            'zh-cn': '日志显示 deployer 读取它的尝试被拒绝了',
          },
        },
        {
          type: 'command',
          run: auditJq(JQ.secretBodies, { slurp: true }),
          expect: { matches: '^\\{"events":[1-9][0-9]*,"withBodies":0\\}$' },
          proves: {
            en: 'no event about a Secret carries a request or response body',
            'zh-cn': '没有任何一条关于 Secret 的事件带着请求体或响应体',
          },
        },
        {
          type: 'command',
          run: `${READ_LOG} | awk '/${SECRET_MARKER}|${SECRET_MARKER_BASE64}/ {n++} END {print NR " events, " n+0 " with the secret value"}'`,
          expect: { matches: '^[1-9][0-9]* events, 0 with the secret value$' },
          proves: {
            en: "the Secret's value appears nowhere in the log, neither plain nor base64-encoded",
            'zh-cn': 'Secret 的值在日志里哪儿都找不到，明文和 base64 编码都没有',
          },
        },
      ],
    },
    {
      id: 'denied-requests',
      title: { en: 'jq: which requests were refused?', 'zh-cn': 'jq：哪些请求被拒绝了？' },
      explain: {
        en: 'A 403 is an authorization refusal. One by itself is a mistake; many from one identity, across resources, is someone probing what a stolen credential can do.',
        'zh-cn':
          '403 是鉴权拒绝。偶尔一条是操作失误；同一个身份在不同资源上连续碰壁，就是有人在试探一份被盗凭据能做什么。',
      },
      run: [auditJq(JQ.denied)],
      checks: [
        {
          type: 'command',
          run: auditJq(JQ.denied),
          expect: { matches: ` ${DEPLOYER} - get secrets ${DEMO} db-password$` },
          proves: {
            en: "the deployer's refused read of db-password is among the 403s",
            'zh-cn': 'deployer 读取 db-password 被拒绝，这一条在 403 之列',
          },
        },
        {
          type: 'command',
          run: auditJq(JQ.denied),
          expect: { matches: ` alice list secrets ${DEMO} -$` },
          proves: {
            en: "so is alice's refused list of all Secrets",
            'zh-cn': 'alice 列出全部 Secret 被拒绝，这一条也在其中',
          },
        },
      ],
    },
    {
      id: 'serviceaccount-changes',
      title: { en: 'jq: what did the ServiceAccount change?', 'zh-cn': 'jq：这个 ServiceAccount 改了什么？' },
      explain: {
        en: 'Every write by the deployer, with the request body: for the scale it is the patch itself, for the delete the options kubectl sent.',
        'zh-cn': 'deployer 的每一次写操作，连同请求体：扩缩时是补丁本身，删除时是 kubectl 发出的删除选项。',
      },
      run: [auditJq(JQ.serviceAccountChanges)],
      checks: [
        {
          type: 'command',
          run: auditJq(JQ.serviceAccountChanges),
          expect: { matches: ' patch deployments/scale web 200 .*"replicas":2' },
          proves: {
            en: 'the log holds the scale to two replicas, with the patch that did it',
            'zh-cn': '日志里有扩到两个副本的操作，以及完成它的那个补丁',
          },
        },
        {
          type: 'command',
          run: auditJq(JQ.serviceAccountChanges),
          expect: { matches: ' delete deployments web 200 ' },
          proves: { en: 'and the deletion of web', 'zh-cn': '还有对 web 的删除' },
        },
      ],
    },
    {
      id: 'deploy-log-store',
      title: { en: 'Start the log store', 'zh-cn': '启动日志存储' },
      explain: {
        en: 'VictoriaLogs ingests OpenTelemetry logs over HTTP, indexes every field and answers LogsQL. Here it keeps its data in an emptyDir for seven days at most.',
        'zh-cn':
          'VictoriaLogs 通过 HTTP 接收 OpenTelemetry 日志，为每个字段建立索引，并用 LogsQL 回答查询。这里它把数据放在 emptyDir 里，最多保留七天。',
      },
      run: [
        'kubectl apply -f manifests/victoria-logs.yaml',
        `kubectl -n ${LAB} rollout status deployment/victoria-logs --timeout=120s`,
        `kubectl get --raw /api/v1/namespaces/${LAB}/services/victoria-logs:http/proxy/health`,
      ],
      timeout: '3m',
      checks: [
        {
          type: 'condition',
          resource: 'deployment/victoria-logs',
          namespace: LAB,
          condition: 'Available',
          timeout: '2m',
          proves: { en: 'VictoriaLogs is running', 'zh-cn': 'VictoriaLogs 已经在运行' },
        },
        {
          type: 'command',
          run: `kubectl get --raw /api/v1/namespaces/${LAB}/services/victoria-logs:http/proxy/health`,
          expect: { equals: 'OK' },
          proves: {
            en: 'VictoriaLogs answers through its Service',
            'zh-cn': 'VictoriaLogs 能通过它的 Service 应答',
          },
        },
      ],
    },
    {
      id: 'deploy-collector',
      title: { en: 'Ship the log with the OpenTelemetry Collector', 'zh-cn': '用 OpenTelemetry Collector 发送日志' },
      explain: {
        en: "The collector runs on the control-plane node, reads the node's audit folder through a read-only hostPath, parses each line as JSON and sends the records to VictoriaLogs over OTLP/HTTP. It started after the events you made, and start_at: beginning makes it ship them too.",
        'zh-cn':
          'collector 运行在控制平面节点上，通过只读的 hostPath 读取节点上的审计目录，把每一行当作 JSON 解析，再通过 OTLP/HTTP 发给 VictoriaLogs。它是在你制造那些事件之后才启动的，start_at: beginning 让它把之前的也一并发送。',
      },
      run: [
        'kubectl apply -f manifests/collector.yaml',
        `kubectl -n ${LAB} rollout status daemonset/audit-collector --timeout=120s`,
        logsql(LOGSQL.count),
      ],
      show: [LOGSQL_SCRIPT],
      timeout: '3m',
      checks: [
        {
          type: 'command',
          run: `kubectl -n ${LAB} get daemonset audit-collector -o jsonpath='{.status.numberReady}'`,
          expect: { equals: '1' },
          timeout: '2m',
          proves: {
            en: 'the collector runs on the control-plane node',
            'zh-cn': 'collector 已经在控制平面节点上运行',
          },
        },
        {
          type: 'command',
          run: logsql(LOGSQL.count),
          expect: { matches: '"events":"[1-9][0-9]*"' },
          timeout: '2m',
          proves: { en: 'audit events arrive in the store', 'zh-cn': '审计事件已经进入存储' },
        },
      ],
    },
    {
      id: 'logsql-who-deleted',
      title: { en: 'LogsQL: who deleted the Deployment?', 'zh-cn': 'LogsQL：谁删了这个 Deployment？' },
      explain: {
        en: 'The same question in the store: field:=value is an exact match on a field, the flattened JSON path of the event; fields keeps the columns you want.',
        'zh-cn':
          '在存储里问同一个问题：field:=value 是对字段的精确匹配，字段名就是事件 JSON 展平后的路径；fields 只保留你要的列。',
      },
      run: [logsql(LOGSQL.whoDeleted)],
      checks: [
        {
          type: 'command',
          run: `test -s web.uid && ${logsql(LOGSQL.whoDeleted)} ${THIS_DELETION}`,
          expect: { includes: `"user.username":"${DEPLOYER}"` },
          timeout: '2m',
          proves: {
            en: "the store names the deployer for the lab's own deletion, found by the Deployment's UID",
            'zh-cn': '按 Deployment 的 UID 找到实验自己的那次删除，存储给出的操作者是 deployer',
          },
        },
      ],
    },
    {
      id: 'logsql-secrets-and-denials',
      title: { en: 'LogsQL: Secret readers and refusals', 'zh-cn': 'LogsQL：Secret 的读取者与被拒绝的请求' },
      explain: {
        en: 'Two more questions, asked in the store: who read Secrets in audit-demo, and every request answered 403.',
        'zh-cn': '在存储里再问两个问题：谁读过 audit-demo 里的 Secret，以及所有以 403 作答的请求。',
      },
      run: [logsql(LOGSQL.secretReaders), logsql(LOGSQL.denied)],
      checks: [
        {
          type: 'command',
          run: logsql(LOGSQL.secretReaders),
          expect: { includes: '"impersonatedUser.username":"alice"' },
          timeout: '2m',
          proves: { en: "the store shows alice's read of the Secret", 'zh-cn': '存储里能看到 alice 读取 Secret' },
        },
        {
          type: 'command',
          run: `${logsql(LOGSQL.denied)} | grep -F '"objectRef.name":"db-password"'`,
          expect: { includes: `"user.username":"${DEPLOYER}"` },
          timeout: '2m',
          proves: {
            en: "the store shows the deployer's refused read",
            'zh-cn': '存储里能看到 deployer 被拒绝的读取',
          },
        },
      ],
    },
    {
      id: 'logsql-serviceaccount-changes',
      title: {
        en: 'LogsQL: what the ServiceAccount changed, and who talks most',
        'zh-cn': 'LogsQL：ServiceAccount 改了什么，谁最“话多”',
      },
      explain: {
        en: "The deployer's writes, then a question jq answers only slowly on a big file: which identities made the most requests in the last hour. stats by (...) count() groups and counts in the store.",
        'zh-cn':
          '先看 deployer 的写操作，再问一个在大文件上用 jq 很慢才能回答的问题：过去一小时里哪些身份发出的请求最多。stats by (...) count() 在存储里完成分组和计数。',
      },
      run: [logsql(LOGSQL.serviceAccountChanges), logsql(LOGSQL.busiest)],
      checks: [
        {
          type: 'command',
          run: logsql(LOGSQL.serviceAccountChanges),
          expect: { includes: '"objectRef.subresource":"scale"' },
          timeout: '2m',
          proves: { en: "the store shows the deployer's scale", 'zh-cn': '存储里能看到 deployer 的扩缩操作' },
        },
        {
          type: 'command',
          run: logsql(LOGSQL.busiest),
          expect: { matches: '^\\{"events":"[1-9][0-9]*","user.username":"[^"]+"\\}$' },
          proves: {
            en: 'the store counts events per identity',
            'zh-cn': '存储能按身份统计事件数',
          },
        },
      ],
    },
    {
      id: 'measure-footprint',
      title: { en: 'What shipping costs in memory', 'zh-cn': '发送日志要花多少内存' },
      explain: {
        en: "The kubelet's summary API (what metrics-server reads for kubectl top) reports each container's working set: the memory the kernel cannot simply take back.",
        'zh-cn':
          'kubelet 的 summary API（metrics-server 为 kubectl top 读取的就是它）报告每个容器的工作集（working set），也就是内核无法直接收回的内存。',
      },
      run: [
        `kubectl get --raw /api/v1/nodes/${NODE}/proxy/stats/summary | jq -r '.pods[] | select(.podRef.namespace == "${LAB}") | .containers[] | "\\(.name) \\(.memory.workingSetBytes / 1048576 | floor) MiB"'`,
      ],
      checks: [
        {
          type: 'command',
          run: `kubectl get --raw /api/v1/nodes/${NODE}/proxy/stats/summary | jq -r '.pods[] | select(.podRef.namespace == "${LAB}") | .containers[] | "\\(.name) \\(.memory.workingSetBytes / 1048576 | floor) MiB"'`,
          expect: { matches: '^collector [1-9][0-9]* MiB$' },
          proves: {
            en: "the kubelet reports the collector's memory",
            'zh-cn': 'kubelet 报告了 collector 的内存用量',
          },
        },
        {
          type: 'command',
          run: `kubectl get --raw /api/v1/nodes/${NODE}/proxy/stats/summary | jq -r '.pods[] | select(.podRef.namespace == "${LAB}") | .containers[] | "\\(.name) \\(.memory.workingSetBytes / 1048576 | floor) MiB"'`,
          expect: { matches: '^victoria-logs [1-9][0-9]* MiB$' },
          proves: {
            en: "the kubelet reports the store's memory",
            'zh-cn': 'kubelet 报告了存储的内存用量',
          },
        },
      ],
    },
  ],
  cleanup: ['kubectl delete namespace -l fieldlab.dev/lab=audit --wait=true --timeout=180s'],
});

import { ISTIO, PROXY_IMAGE } from '../../istio-setup/istio.ts';
import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'istio-proxyv2',
  summary: `Istio's sidecar and gateway image ${ISTIO.release} (Envoy with pilot-agent): named here, not built`,
  role: 'workload',
  images: [PROXY_IMAGE],
  cannotBuild: {
    en: "Envoy, the proxy in this image, is C++ built with Bazel, which downloads its toolchain and Envoy's dependencies from hosts outside the package sources this platform builds from (the Go module proxy and a Debian mirror). Sidecars and gateways need the upstream image, pulled from Docker Hub.",
    'zh-cn':
      '该镜像中的代理 Envoy 是用 Bazel 构建的 C++ 程序，Bazel 需要从本平台所用软件源（Go 模块代理和 Debian 镜像）之外的站点下载工具链和 Envoy 的依赖，所以无法在这里从源码构建。Sidecar 和网关只能使用从 Docker Hub 拉取的上游镜像。',
  },
});

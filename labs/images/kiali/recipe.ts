import { defineRecipe } from '../../kit/recipes.ts';

export const recipe = defineRecipe({
  name: 'kiali',
  summary: "Kiali v2.27, the mesh console of Istio's add-ons (the observability lab's graph): named here, not built",
  role: 'workload',
  images: ['quay.io/kiali/kiali:v2.27'],
  cannotBuild: {
    en: 'no recipe builds Kiali yet: its server is Go and its console a web app built from npm packages, both within reach of this platform, but its graph is drawn from the traffic of Envoy sidecars, which cannot run here, so a stand-in would have nothing to show.',
    'zh-cn':
      '目前还没有构建 Kiali 的配方：它的服务端是 Go，控制台是用 npm 包构建的网页应用，本平台都拿得到源码；但它的调用图来自 Envoy sidecar 的流量，而 sidecar 在这里跑不起来，做一个替身也没有东西可画。',
  },
});

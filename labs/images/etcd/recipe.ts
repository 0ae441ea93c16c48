import { defineRecipe } from '../../kit/recipes.ts';

/** The version `kubeadm config images list --kubernetes-version v1.36.4` names. */
export const recipe = defineRecipe({
  name: 'etcd',
  summary: 'etcd and etcdctl from the go.etcd.io/etcd modules (go.mod here), as the image kubeadm names',
  role: 'component',
  images: ['registry.k8s.io/etcd:3.6.8-0'],
  standIn: {
    upstream: 'registry.k8s.io/etcd:3.6.8-0',
    differences:
      'etcd v3.6.8 built from its modules; dependencies resolved by Go MVS, so some may be newer than upstream pins; no shell',
  },
  go: [
    {
      id: 'etcd',
      module: 'go.etcd.io/etcd/server/v3',
      version: 'v3.6.8',
      packages: ['go.etcd.io/etcd/server/v3=etcd', 'go.etcd.io/etcd/etcdctl/v3=etcdctl'],
      wrapper: true,
    },
  ],
  script: 'build.sh',
});

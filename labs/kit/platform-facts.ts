import type { Engine } from './engine.ts';
import type { Cluster } from './kind.ts';
import type { ImageSource } from './lab-images.ts';

/** What a run learns about the platform it ran on, beyond versions. */
export interface PlatformFacts {
  engine?: Engine | undefined;
  images?: ImageSource[] | undefined;
}

/** A node image of ours says so in its tag; anything else is taken as upstream. */
export function isSourceBuilt(nodeImage: string | undefined): boolean {
  return nodeImage?.includes('-fieldlab-source') === true;
}

/** The transcript's platform fields: engine, where the node image came from, what the kit adjusted. */
export function platformDetails(
  cluster: Cluster | undefined,
  facts: PlatformFacts,
): { engine?: string; source?: 'upstream' | 'source-built'; adjustments?: string[] } {
  if (!cluster || cluster.external) return {};
  return {
    ...(facts.engine ? { engine: `${facts.engine.name} ${facts.engine.version}` } : {}),
    ...(cluster.nodeImage ? { source: isSourceBuilt(cluster.nodeImage) ? 'source-built' : 'upstream' } : {}),
    ...(cluster.adjustments && cluster.adjustments.length > 0 ? { adjustments: cluster.adjustments } : {}),
  };
}

import { subsetSelectorFindings } from './destination-rules.ts';
import { httpRouteFindings, parentRefFindings } from './gateway-api.ts';
import type { Finding, LabObject } from './objects.ts';
import { policySelectorFindings, principalFindings } from './policies.ts';
import { hostFindings, subsetFindings, weightFindings } from './virtual-services.ts';

/** The offline counterparts of `istioctl analyze`, each a pure function of a lab's objects. */
export const RULES: Record<string, (objects: readonly LabObject[]) => Finding[]> = {
  'route weights add up to 100': weightFindings,
  'route subsets exist in a DestinationRule': subsetFindings,
  'DestinationRule subsets select pods': subsetSelectorFindings,
  'hosts are Services of the lab': hostFindings,
  'HTTPRoute backends are Services, weights non-negative': httpRouteFindings,
  'HTTPRoute parents are Services or Gateways of the lab': parentRefFindings,
  'policy selectors match a workload': policySelectorFindings,
  'principals name ServiceAccounts of the lab': principalFindings,
};

/** Every rule over all objects of one lab folder. */
export function analyze(objects: readonly LabObject[]): Finding[] {
  return Object.values(RULES).flatMap((rule) => rule(objects));
}

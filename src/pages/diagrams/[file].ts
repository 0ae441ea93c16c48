import type { APIRoute, GetStaticPaths } from 'astro';
import { fileName, fileSvg } from '../../lib/diagram.ts';
import { DIAGRAMS } from '../../lib/diagrams.ts';
import type { Lang } from '../../lib/i18n.ts';

// The full-size file of every diagram in each language, drawn from the same data as the page's:
// /diagrams/certificates-pki.svg, /diagrams/certificates-pki.zh-cn.svg.
const LANGS: readonly Lang[] = ['en', 'zh-cn'];

export const getStaticPaths = (() =>
  Object.values(DIAGRAMS).flatMap((diagram) =>
    LANGS.map((lang) => ({ params: { file: fileName(diagram, lang) }, props: { diagram, lang } })),
  )) satisfies GetStaticPaths;

type Props = ReturnType<typeof getStaticPaths>[number]['props'];

export const GET: APIRoute<Props> = ({ props }) =>
  new Response(fileSvg(props.diagram, props.lang), { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });

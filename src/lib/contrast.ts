/** WCAG 2 contrast between two opaque colours, written `#rrggbb` or as a browser computes them, `rgb(r, g, b)`. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function channels(colour: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim());
  const rgb = /^rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)(?:[,\s/]+(1|1\.0+))?\s*\)$/i.exec(colour.trim());
  const parts = hex ? hex.slice(1).map((part) => Number.parseInt(part, 16)) : rgb?.slice(1, 4).map(Number);
  if (!parts) throw new Error(`not an opaque #rrggbb or rgb() colour: ${colour}`);
  return parts as [number, number, number];
}

function luminance(colour: string): number {
  const [r, g, b] = channels(colour).map((value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

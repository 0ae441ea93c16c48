/**
 * Internal links under the site's base path (`import.meta.env.BASE_URL`: `/`, or `/repo/` on a project's
 * GitHub Pages). Write every internal link as if the site lived at the root and pass it through `withBase`;
 * read a URL's path through `withoutBase` before asking which page or language it is.
 */

/** `/zh-cn/how-labs-work/` → `/repo/zh-cn/how-labs-work/`. Leaves anything that is not a root-relative path alone. */
export function withBase(path: string, base: string = import.meta.env.BASE_URL): string {
  if (!path.startsWith('/') || path.startsWith('//')) return path;
  const prefix = base.endsWith('/') ? base.slice(0, -1) : base;
  return `${prefix}${path}`;
}

/** `/repo/zh-cn/` → `/zh-cn/`: a URL's path as if the site lived at the root. */
export function withoutBase(pathname: string, base: string = import.meta.env.BASE_URL): string {
  const prefix = base.endsWith('/') ? base.slice(0, -1) : base;
  if (prefix === '') return pathname;
  if (pathname === prefix) return '/';
  return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : pathname;
}

import { defineRouteMiddleware } from '@astrojs/starlight/route-data';

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  // Starlight titles every page "Page title | Site title". The home pages are titled with the site's own
  // name, which made "Kubernetes Field Labs | Kubernetes Field Labs": a page titled like the site is titled once.
  if (route.entry.data.title === route.siteTitle) {
    for (const item of route.head) if (item.tag === 'title') item.content = route.siteTitle;
  }
  // The 404 page (src/pages/404.astro) is served at any address that has no page: it has no address of its
  // own for a canonical link, language alternates or og:url to name (they would point at /404/, which is none).
  if (route.id === '404') {
    route.head = route.head.filter(
      (item) =>
        !(item.tag === 'link' && (item.attrs?.rel === 'canonical' || item.attrs?.rel === 'alternate')) &&
        !(item.tag === 'meta' && item.attrs?.property === 'og:url'),
    );
  }
});

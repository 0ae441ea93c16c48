import { defineRouteMiddleware } from '@astrojs/starlight/route-data';

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
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

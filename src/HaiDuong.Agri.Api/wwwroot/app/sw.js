// Service worker of the household diary (scope /app/): the shell is precached under a versioned name and served
// cache-first; navigations under /app/ answer the cached page. /api/ requests are never touched: they go to the
// network as the page made them, so the page sees offline errors and its own outbox decides what to do.
// VERSION ends with the first 12 hex digits of SHA-256 over the other shell files (each path, then its bytes), so
// phones pick up every change; the browser tests compute it and say the new value when a shell file changed.
const VERSION = 'agri-app-77a9f64959b7';
const SHELL = [
  '/app/', '/app/app.css', '/app/app.js', '/app/i18n.js', '/app/api.js', '/app/db.js', '/app/sync.js',
  '/app/manifest.webmanifest', '/app/icon.svg', '/app/icon-192.png', '/app/icon-512.png',
];

self.addEventListener('install', (event) => {
  // Where the browser can route without waking the worker, API calls skip it entirely.
  try {
    event.addRoutes?.({ condition: { urlPattern: '/api/*' }, source: 'network' })?.catch(() => {});
  } catch {
    // Older browsers: the fetch handler below lets /api/ through anyway.
  }
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'no-cache' })))).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith('agri-app-') && n !== VERSION).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/app/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(caches.match('/app/', { cacheName: VERSION }).then((cached) => cached || fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: VERSION, ignoreSearch: true }).then((cached) => cached || fetch(request)));
});

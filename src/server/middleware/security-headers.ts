import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';

/**
 * Security headers on every response. The CSP lets a page load only what this server serves;
 * inline styles are allowed (the API reference page carries its own), inline scripts never.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (context, next) => {
    await next();
    const headers = context.res.headers;
    headers.set(
      'Content-Security-Policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (context.req.path.startsWith('/api/') && !headers.has('Cache-Control')) {
      headers.set('Cache-Control', 'no-store');
    }
    headers.delete('X-Powered-By');
  };
}

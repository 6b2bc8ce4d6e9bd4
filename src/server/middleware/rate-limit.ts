import type { AppContext } from '../context.js';
import { HttpProblem } from '../http/http-problem.js';

/**
 * Limits requests per identity once signed in, per network address before. Over the limit the
 * answer is 429 with `Retry-After` in whole seconds.
 */
export function checkRateLimit(context: AppContext): void {
  const services = context.get('services');
  const identity = context.get('identity');
  const key =
    identity === undefined
      ? `address:${context.get('request').source}`
      : `user:${identity.account.user.id}`;
  const verdict = services.rateLimits.take(key, services.clock.now().getTime());
  if (!verdict.allowed) {
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    throw new HttpProblem('too-many-requests', `too many requests; try again in ${seconds} s`, {
      hint: 'slow down: wait for Retry-After seconds before the next request',
      headers: { 'Retry-After': String(seconds) },
    });
  }
}

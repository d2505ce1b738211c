/**
 * The headers every reply carries (a route may replace one by setting it itself).
 *
 * The policy fits a server-rendered page with no inline code: scripts and styles come from
 * Herald's own routes ('self'), or inline with the request's nonce (HttpRequest.cspNonce);
 * images may come from any https host (launch images live on the brands' sites); nothing may
 * frame the page, and forms post only back to Herald.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface SecurityHeaderOptions {
  /**
   * Herald is reached over HTTPS (HERALD_PUBLIC_URL starts with https://, TLS ends at a proxy):
   * browsers are told to keep to HTTPS (Strict-Transport-Security).
   */
  readonly https: boolean;
}

export function securityHeaders(opts: SecurityHeaderOptions): Readonly<Record<string, string>> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    ...(opts.https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** The policy with `nonce` also allowed for scripts and styles. */
export function withNonce(policy: string, nonce: string): string {
  return policy
    .split('; ')
    .map((directive) =>
      directive.startsWith('script-src ') || directive.startsWith('style-src ')
        ? `${directive} 'nonce-${nonce}'`
        : directive,
    )
    .join('; ');
}

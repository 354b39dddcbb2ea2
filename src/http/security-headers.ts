import type { ServerResponse } from 'node:http';

/**
 * Sent with every HTTP response (OWASP's secure headers for APIs and pages alike): no MIME
 * sniffing, no framing (clickjacking; the CSP form for current browsers, X-Frame-Options for
 * old ones), no Referer leaking URLs. Only `frame-ancestors` is restricted: the /panel page
 * runs inline scripts and styles.
 */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
} as const;

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** Request headers that always carry credentials (RFC 9110 §11.6, RFC 6265, RFC 9449, RFC 9421). */
const CREDENTIALS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'dpop',
  'signature',
  'signature-input',
])

/**
 * Header names that carry credentials by convention: API keys (`X-API-Key`,
 * `Api-Key`, `Ocp-Apim-Subscription-Key`), tokens (`X-Auth-Token`,
 * `X-Amz-Security-Token`), sessions, secrets, JWTs forwarded by identity
 * proxies (`Cf-Access-Jwt-Assertion`, `X-Amzn-Oidc-Data`, `X-Userinfo`), the
 * user a gateway has authenticated (`X-Forwarded-User`,
 * `X-Forwarded-Preferred-Username`, `X-Username`, `X-Consumer-Id`,
 * `X-Account-Id`, `X-Ms-Client-Principal-Name`, `Tailscale-User-Login`) and
 * client certificates (`X-Forwarded-Client-Cert`, `X-Ssl-Client-S-Dn`).
 * Matched on whole words between dashes, so `User-Agent` and `Keep-Alive` are not.
 */
const CONVENTIONAL =
  /(?:^|-)(?:api-?key|key|token|secret|password|passwd|session|session-?id|auth|jwt|oidc|assertion|credentials?|cert|certificate|principal|consumer|userinfo|ssl-client)(?:-|$)|(?:^|-)(?:user(?:-?(?:id|name))?|email|login|subject|account(?:-?id)?|(?:customer|client)-?id)$|authori[sz]ation|authenticat/

/**
 * Whether a request carries credentials in any usual place, or in one of
 * `extra` (lower-case names, `_` written `-`). Node, Bun and Deno accept `_`
 * in header names, so `X_Api_Key` is read as `X-Api-Key`. `Sec-*` headers are
 * set by the browser, never by a user (`Sec-Fetch-User` is not a user), and
 * are skipped.
 */
export const carriesCredentials = (headers: Headers, extra: ReadonlySet<string>): boolean => {
  for (const name of headers.keys()) {
    const words = name.replace(/_/g, '-')
    if (CREDENTIALS.has(words) || extra.has(words)) return true
    if (!name.startsWith('sec-') && CONVENTIONAL.test(words)) return true
  }
  return false
}

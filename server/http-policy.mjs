// Pure HTTP policies of the production server, kept apart so the tests can check them.

/** Security headers for every response. */
export function securityHeaders({ production }) {
  const headers = {
    "Content-Security-Policy": [
      "default-src 'self'",
      // Remix inlines its hydration data and module bootstrap as scripts
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (production) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A state-changing request that the browser marks as coming from another site. */
export function isCrossSiteMutation(method, headers) {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  return headers["sec-fetch-site"] === "cross-site";
}

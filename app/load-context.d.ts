import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as express sees it (X-Forwarded-For only when TRUST_PROXY is set). */
    clientIp?: string;
    /** A random value per response, for the Content-Security-Policy of inline scripts. */
    cspNonce?: string;
  }
}

/**
 * What the HTTP server asks of the parts it serves (operations, ICS feeds, the launch page,
 * the Telegram webhook): a route is a method, a path pattern and a handler from a parsed
 * request to a reply. Handlers never see node:http; the server (server.ts) does the I/O,
 * HEAD, security headers, size limits, conditional requests and errors.
 */
export interface HttpRequest {
  readonly method: string;
  /** The decoded path, without the query ("/e/mi8-fr.ics"). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as received (POST routes only; bounded by the route's `maxBody`). */
  readonly body?: Buffer;
  /** Values of the route pattern's named groups. */
  readonly params: Readonly<Record<string, string>>;
  /**
   * A fresh random nonce for this reply's Content-Security-Policy: a page that inlines a
   * `<script nonce="…">` or `<style nonce="…">` reads it, and the server then allows that nonce
   * in `script-src` and `style-src` (security-headers.ts). Made on first read only; a reply
   * whose bytes must be cacheable serves its script from a route instead ('self' is allowed).
   */
  readonly cspNonce?: string;
}

export interface HttpReply {
  readonly status: number;
  /** Header names in lower case; content-type among them when there is a body. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A cached reply should hold a Buffer: it is written as it is, where a string is encoded per request. */
  readonly body?: string | Buffer;
  /**
   * Run after the reply is sent (the webhook answers 200 at once, then handles the update).
   * Its errors are logged, never sent.
   */
  readonly after?: () => Promise<void>;
}

export interface HttpRoute {
  readonly method: 'GET' | 'POST';
  /** An exact path, or a pattern matched against the whole path (named groups become params). */
  readonly path: string | RegExp;
  /** Largest body accepted (POST); larger gets 413. */
  readonly maxBody?: number;
  /**
   * Checked before the body is read (a webhook's secret header): a reply here is sent as it
   * is and the handler does not run.
   */
  authorize?(request: Omit<HttpRequest, 'body' | 'cspNonce'>): HttpReply | undefined;
  handle(request: HttpRequest): HttpReply | Promise<HttpReply>;
}

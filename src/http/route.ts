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
}

export interface HttpReply {
  readonly status: number;
  /** Header names in lower case; content-type among them when there is a body. */
  readonly headers?: Readonly<Record<string, string>>;
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
  handle(request: HttpRequest): HttpReply | Promise<HttpReply>;
}

/**
 * The path and query of a request line's target (RFC 9112, section 3.2), as sent:
 * neither is decoded, so routes match the path exactly and the query is decoded only
 * by whoever reads it.
 */
export interface RequestTarget {
  /** Starts with '/', or is '*' for an OPTIONS request about the server as a whole. */
  readonly path: string;
  /** What follows '?', or '' when nothing does. */
  readonly query: string;
}

/** What every SDK sends, so the common case builds nothing. */
const ROOT: RequestTarget = { path: '/', query: '' };
const ASTERISK: RequestTarget = { path: '*', query: '' };

/** `scheme://authority` before the path of an absolute-form target (RFC 9112, section 3.2.2). */
const ABSOLUTE_FORM_ORIGIN = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;
/** A '%' not followed by two hex digits (RFC 3986, section 2.1). */
const MALFORMED_PERCENT_ENCODING = /%(?![0-9A-Fa-f]{2})/;

/**
 * Splits a request target, or returns undefined for one that is malformed, which the
 * server answers with 400 (RFC 9112, section 3). Node has already refused what its
 * parser cannot read (spaces, raw non-ASCII), and bounds the target's length: a
 * request line longer than its 16 KiB header limit gets 431 before reaching here.
 *
 * `//` is a valid origin-form target (a path of empty segments), which is why this
 * does not use `new URL(target, base)`: that reads `//` as a URL with an empty host and
 * throws.
 */
export function parseRequestTarget(method: string | undefined, target: string | undefined): RequestTarget | undefined {
  if (target === '/') return ROOT;
  // The asterisk form is for OPTIONS alone (RFC 9112, section 3.2.4).
  if (target === '*') return method === 'OPTIONS' ? ASTERISK : undefined;
  if (target === undefined || target === '') return undefined;
  let pathAndQuery = target;
  if (target[0] !== '/') {
    // Absolute form, which servers must accept though only proxies need it to be sent (RFC 9112, section 3.2.2).
    const origin = ABSOLUTE_FORM_ORIGIN.exec(target);
    if (origin === null) return undefined;
    pathAndQuery = target.slice(origin[0].length);
  }
  // A fragment is never part of a request target (RFC 9112, section 3.2).
  if (pathAndQuery.includes('#') || MALFORMED_PERCENT_ENCODING.test(pathAndQuery)) return undefined;
  const queryAt = pathAndQuery.indexOf('?');
  const path = queryAt < 0 ? pathAndQuery : pathAndQuery.slice(0, queryAt);
  const query = queryAt < 0 ? '' : pathAndQuery.slice(queryAt + 1);
  // An absolute form with no path names the root (RFC 9110, section 4.2.3).
  return { path: path === '' ? '/' : path, query };
}

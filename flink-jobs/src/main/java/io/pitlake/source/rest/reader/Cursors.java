package io.pitlake.source.rest.reader;

import okhttp3.HttpUrl;

/**
 * Points a vendor's {@code next_url} at the configured base URL.
 *
 * <p>Vendors return absolute next URLs on their own public host. A job configured with a proxy,
 * staging host or simulator as base URL must keep talking to it, so the scheme, host and port of a
 * next URL are replaced by the base URL's, and the base URL's path (a proxy prefix such as {@code
 * /polygon}) is put in front of the next URL's path; the query, which holds the cursor, is kept as
 * is. A next URL already on the base URL's origin is left alone, so a simulator that answers with
 * its own URLs is not prefixed twice.
 */
final class Cursors {

  private Cursors() {}

  static HttpUrl rebase(HttpUrl next, HttpUrl base) {
    if (sameOrigin(next, base)) {
      return next;
    }
    String prefix =
        base.encodedPath().endsWith("/")
            ? base.encodedPath().substring(0, base.encodedPath().length() - 1)
            : base.encodedPath();
    return base.newBuilder()
        .encodedPath(prefix + next.encodedPath())
        .encodedQuery(next.encodedQuery())
        .fragment(null)
        .build();
  }

  private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }
}

package io.pitlake.source.rest;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.Serializable;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Where a vendor expects the API key. Vendors' {@code next_url}s do not carry the key, so the
 * source attaches it to every request, the first page and each next page alike.
 */
public sealed interface AuthStyle extends Serializable
    permits AuthStyle.BearerHeader, AuthStyle.QueryParam {

  /** {@code Authorization: Bearer <key>}: the key never appears in a URL. Preferred. */
  static AuthStyle bearerHeader() {
    return new BearerHeader();
  }

  /**
   * The key as a query parameter, for vendors without header auth. The parameter must be one that
   * {@link Redaction} masks, so that no logged or emitted URL can show the key.
   */
  static AuthStyle queryParam(String name) {
    return new QueryParam(name);
  }

  /** A request for {@code url} carrying {@code secret}. */
  Request.Builder authorize(HttpUrl url, String secret);

  /** {@code url} without any credential of this style, safe to keep in a checkpoint. */
  HttpUrl strip(HttpUrl url);

  /** See {@link #bearerHeader()}. */
  record BearerHeader() implements AuthStyle {

    @Override
    public Request.Builder authorize(HttpUrl url, String secret) {
      return new Request.Builder().url(url).header("Authorization", "Bearer " + secret);
    }

    @Override
    public HttpUrl strip(HttpUrl url) {
      return url;
    }
  }

  /** See {@link #queryParam(String)}. */
  record QueryParam(String name) implements AuthStyle {

    public QueryParam {
      checkArgument(
          name != null && Redaction.isCredentialParameter(name),
          "Query parameter '%s' cannot carry the API key: it would not be redacted from logs and"
              + " records. Use one of %s, or AuthStyle.bearerHeader().",
          name,
          Redaction.CREDENTIAL_PARAMETERS);
    }

    @Override
    public Request.Builder authorize(HttpUrl url, String secret) {
      return new Request.Builder().url(url.newBuilder().setQueryParameter(name, secret).build());
    }

    @Override
    public HttpUrl strip(HttpUrl url) {
      return url.newBuilder().removeAllQueryParameters(name).build();
    }
  }
}

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
    permits AuthStyle.BearerHeader, AuthStyle.QueryParam, AuthStyle.HeaderPair {

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

  /**
   * A key id and a secret in two headers, as Alpaca wants them ({@code APCA-API-KEY-ID} and {@code
   * APCA-API-SECRET-KEY}). The resolved credential is the pair written {@code KEY_ID:SECRET} (see
   * {@link Credentials#fromEnvPair}); neither half ever appears in a URL.
   */
  static AuthStyle headerPair(String idHeader, String secretHeader) {
    return new HeaderPair(idHeader, secretHeader);
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

  /** See {@link #headerPair(String, String)}. */
  record HeaderPair(String idHeader, String secretHeader) implements AuthStyle {

    public HeaderPair {
      checkArgument(
          idHeader != null
              && !idHeader.isBlank()
              && secretHeader != null
              && !secretHeader.isBlank(),
          "both header names must be set, e.g. APCA-API-KEY-ID and APCA-API-SECRET-KEY");
      checkArgument(
          !idHeader.equalsIgnoreCase(secretHeader),
          "key id and secret need two different headers, got %s twice",
          idHeader);
    }

    /**
     * @param secret {@code KEY_ID:SECRET}, split at the first colon (key ids have none)
     * @throws IllegalArgumentException naming the headers, never the value, if there is no colon
     */
    @Override
    public Request.Builder authorize(HttpUrl url, String secret) {
      int colon = secret.indexOf(':');
      checkArgument(
          colon > 0 && colon < secret.length() - 1,
          "the credential for %s and %s must be written KEY_ID:SECRET: set both environment"
              + " variables, or write KEY_ID:SECRET on the key file's first line",
          idHeader,
          secretHeader);
      return new Request.Builder()
          .url(url)
          .header(idHeader, secret.substring(0, colon))
          .header(secretHeader, secret.substring(colon + 1));
    }

    @Override
    public HttpUrl strip(HttpUrl url) {
      return url;
    }
  }
}

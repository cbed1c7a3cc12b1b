package io.pitlake.source.rest.reader;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.RateLimitScope;
import io.pitlake.source.rest.RestSourceOptions;
import java.time.Duration;
import java.util.Map;
import javax.annotation.Nullable;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.apache.flink.configuration.Configuration;

/**
 * What all split readers of one source reader share: the HTTP client, the rate limit and the
 * resolved key.
 *
 * <p>A source reader replaces an idle split reader by a new one for the next split, so these live
 * one level up: connections and TLS sessions are reused across splits, and the rate limit holds
 * across split boundaries. The key is resolved on first use, on a fetcher thread of the
 * TaskManager, and never leaves this object except in the request it authorizes.
 *
 * <p>{@code Accept-Encoding} is deliberately not set: OkHttp then asks for gzip itself and
 * decompresses transparently, which it would not do if the header were set by hand.
 */
final class RestConnection implements AutoCloseable {

  private final OkHttpClient http;
  private final TokenBucket rateLimit;
  private final AuthStyle authStyle;
  private final Credentials credentials;
  @Nullable private String secret;
  private boolean secretResolved;

  /**
   * @param parallelism the source's parallelism; with {@link RateLimitScope#READER} each reader
   *     gets {@code rest.requests-per-second / parallelism}
   */
  RestConnection(
      AuthStyle authStyle, Credentials credentials, Configuration config, int parallelism) {
    checkArgument(parallelism > 0, "parallelism %s must be positive", parallelism);
    this.authStyle = authStyle;
    this.credentials = credentials;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(config.get(RestSourceOptions.CONNECT_TIMEOUT))
            .readTimeout(config.get(RestSourceOptions.READ_TIMEOUT))
            .callTimeout(config.get(RestSourceOptions.CALL_TIMEOUT))
            .build();
    double rate = config.get(RestSourceOptions.REQUESTS_PER_SECOND);
    this.rateLimit =
        switch (config.get(RestSourceOptions.RATE_LIMIT_SCOPE)) {
          case READER -> new TokenBucket(rate / parallelism, System::nanoTime);
          case PROCESS -> TokenBucket.shared(config.get(RestSourceOptions.RATE_LIMIT_GROUP), rate);
        };
  }

  /** How long the caller must wait before its next request may go out. */
  Duration reserveRequest() {
    return rateLimit.reserve();
  }

  /**
   * A call for {@code url} with the credential and the vendor's {@code headers} attached; a vendor
   * header never replaces a header that carries the credential.
   */
  Call newCall(HttpUrl url, Map<String, String> headers) {
    String key = secret();
    Request authorized =
        (key != null ? authStyle.authorize(url, key) : new Request.Builder().url(url))
            .get()
            .build();
    Request.Builder request = authorized.newBuilder();
    headers.forEach(
        (name, value) -> {
          if (authorized.header(name) == null) {
            request.header(name, value);
          }
        });
    return http.newCall(request.build());
  }

  /** The location of the key, which is the fix to name when the vendor rejects it. */
  String credentialsHint() {
    return credentials.describe();
  }

  @Nullable
  private synchronized String secret() {
    if (!secretResolved) {
      secret = credentials.resolve().orElse(null);
      secretResolved = true;
    }
    return secret;
  }

  /** Closes pooled connections; called by the source reader on the task thread. */
  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}

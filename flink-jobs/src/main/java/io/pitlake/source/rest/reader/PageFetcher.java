package io.pitlake.source.rest.reader;

import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.Redaction;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.rest.metrics.RestSourceReaderMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one page with rate limiting and retries, on the fetcher thread of one split reader.
 *
 * <p>HTTP 429, 5xx, timeouts and other I/O errors are retried with exponential backoff and full
 * jitter (a {@code Retry-After} in seconds replaces the drawn wait, up to {@code
 * rest.backoff.max}). A response the protocol calls fatal ({@link PageProtocol#fatalError}) fails
 * at once with the protocol's cause and fix; 401 and 403 fail at once with the place of the key as
 * the fix. Every other response is returned for the split reader to judge. {@link #wakeUp()}
 * cancels the request in flight and ends any wait, and the fetch then returns empty so the same
 * page is asked for again on the next fetch.
 */
final class PageFetcher {

  private static final Logger LOG = LoggerFactory.getLogger(PageFetcher.class);

  private final PageProtocol protocol;
  private final String vendor;
  private final Map<String, String> headers;
  private final RestConnection connection;
  private final Sleeper sleeper;
  private final RestSourceReaderMetrics metrics;
  private final int maxRetries;
  private final Duration backoffInitial;
  private final Duration backoffMax;
  private final Clock clock;
  @Nullable private volatile Call inFlight;

  /**
   * The call {@link #cancelInFlight()} cancelled. OkHttp also cancels a call itself when {@code
   * rest.call-timeout} expires, and that must count as a failed attempt, not as a wake-up.
   */
  @Nullable private volatile Call cancelledByWakeUp;

  PageFetcher(
      PageProtocol protocol,
      RestConnection connection,
      Sleeper sleeper,
      RestSourceReaderMetrics metrics,
      Configuration config,
      Clock clock) {
    this.protocol = protocol;
    this.vendor = protocol.name();
    this.headers = Map.copyOf(protocol.headers());
    this.connection = connection;
    this.sleeper = sleeper;
    this.metrics = metrics;
    this.maxRetries = config.get(RestSourceOptions.MAX_RETRIES);
    this.backoffInitial = config.get(RestSourceOptions.BACKOFF_INITIAL);
    this.backoffMax = config.get(RestSourceOptions.BACKOFF_MAX);
    this.clock = clock;
  }

  /**
   * Fetches {@code url} (without credential); fetcher thread.
   *
   * @return the response, or empty if a wake-up interrupted the fetch
   * @throws IOException when the vendor rejects the key or every attempt failed; the message names
   *     the vendor, the redacted URL, the status and the fix, never the key
   */
  Optional<HttpPage> fetch(HttpUrl url) throws IOException, InterruptedException {
    String failure = null;
    IOException lastError = null;
    for (int attempt = 1; ; attempt++) {
      if (!sleeper.sleep(connection.reserveRequest())) {
        return Optional.empty();
      }
      Call call = connection.newCall(url, headers);
      String sentUrl = Redaction.redact(call.request().url().toString());
      inFlight = call;
      HttpPage page = null;
      try {
        if (!sleeper.sleep(Duration.ZERO)) {
          return Optional.empty();
        }
        page = execute(call, sentUrl);
      } catch (IOException e) {
        if (cancelledByWakeUp == call) {
          sleeper.sleep(Duration.ZERO);
          return Optional.empty();
        }
        failure =
            e.getClass().getSimpleName() + ": " + Redaction.redact(String.valueOf(e.getMessage()));
        lastError = e;
      } finally {
        inFlight = null;
      }
      if (page != null && !page.isSuccessful()) {
        Optional<String> fatal = protocol.fatalError(page.status(), page.body());
        if (fatal.isPresent()) {
          throw new IOException(
              String.format(
                  "%s: HTTP %d for %s: %s",
                  vendor, page.status(), page.requestUrl(), Redaction.redact(fatal.get())));
        }
      }
      if (page != null && page.isCredentialRejected()) {
        throw keyRejected(page);
      }
      if (page != null && !page.isRetryable()) {
        return Optional.of(page);
      }
      if (page != null) {
        failure = "HTTP " + page.status();
        lastError = null;
      }
      if (attempt > maxRetries) {
        throw retriesExhausted(sentUrl, attempt, failure, lastError);
      }
      Duration wait = backoff(attempt, page == null ? null : page.retryAfter());
      LOG.warn(
          "{}: {} for {}, retry {} of {} in {} ms",
          vendor,
          failure,
          sentUrl,
          attempt,
          maxRetries,
          wait.toMillis());
      metrics.requestRetried();
      if (!sleeper.sleep(wait)) {
        return Optional.empty();
      }
    }
  }

  private IOException keyRejected(HttpPage page) {
    return new IOException(
        String.format(
            "%s rejected the key with HTTP %d for %s: check %s and that the plan covers this"
                + " endpoint",
            vendor, page.status(), page.requestUrl(), connection.credentialsHint()));
  }

  private IOException retriesExhausted(
      String sentUrl, int attempts, String failure, @Nullable IOException lastError) {
    return new IOException(
        String.format(
            "%s: %s failed %d times, last with %s. The vendor is down or limiting this key: run"
                + " again later, raise rest.max-retries or lower rest.requests-per-second",
            vendor, sentUrl, attempts, failure),
        lastError);
  }

  /** Cancels the request in flight; task thread. The caller also wakes the {@link Sleeper}. */
  void cancelInFlight() {
    Call call = inFlight;
    if (call != null) {
      cancelledByWakeUp = call;
      call.cancel();
    }
  }

  private HttpPage execute(Call call, String sentUrl) throws IOException {
    long started = System.nanoTime();
    try (Response response = call.execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      metrics.requestLatency(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new HttpPage(
          response.code(),
          text,
          response.header("Content-Type"),
          retryAfter(response.header("Retry-After")),
          sentUrl,
          clock.instant());
    }
  }

  /** The wait before retry number {@code retry} (1-based). */
  private Duration backoff(int retry, @Nullable Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(backoffMax) > 0 ? backoffMax : retryAfter;
    }
    Duration cap = backoffInitial;
    for (int i = 1; i < retry && cap.compareTo(backoffMax) < 0; i++) {
      cap = cap.multipliedBy(2);
    }
    if (cap.compareTo(backoffMax) > 0) {
      cap = backoffMax;
    }
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(cap.toNanos() + 1));
  }

  /** Only the delay-seconds form: the HTTP-date form is rare and the backoff covers it. */
  @Nullable
  private static Duration retryAfter(@Nullable String header) {
    if (header == null || !header.strip().matches("\\d{1,9}")) {
      return null;
    }
    return Duration.ofSeconds(Long.parseLong(header.strip()));
  }
}

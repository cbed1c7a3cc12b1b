package io.pitlake.source.rest.reader;

import java.time.Duration;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * One HTTP response, read completely.
 *
 * @param status the HTTP status
 * @param body the whole body, decompressed
 * @param contentType the {@code Content-Type} header, if any
 * @param retryAfter the {@code Retry-After} header when it holds a number of seconds
 * @param requestUrl the URL as sent, with every credential redacted
 * @param receivedAt when the body was read
 */
record HttpPage(
    int status,
    String body,
    @Nullable String contentType,
    @Nullable Duration retryAfter,
    String requestUrl,
    Instant receivedAt) {

  boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /** 401 and 403: retrying cannot help, the key or the plan must change. */
  boolean isCredentialRejected() {
    return status == 401 || status == 403;
  }

  /** 429 and 5xx: the vendor is limiting or failing, a later attempt may succeed. */
  boolean isRetryable() {
    return status == 429 || status >= 500;
  }
}

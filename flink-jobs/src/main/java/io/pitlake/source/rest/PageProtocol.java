package io.pitlake.source.rest;

import io.pitlake.source.rest.split.RestSplit;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The vendor SPI of the REST source: how to ask for the first page of a split, how to read a page,
 * and how to present the credential.
 *
 * <p>Everything vendor-specific lives behind this interface so that retries, paging guards, rate
 * limiting, checkpointing and redaction are written once in {@link RestSource}. An implementation
 * is shipped with the job graph (hence {@link Serializable}) and must therefore hold no secret and
 * no open resource. Its methods are called on the reader's fetcher thread.
 */
public interface PageProtocol extends Serializable {

  /**
   * Short vendor name for metrics, logs and error messages, also used to name the vendor's
   * configuration keys in messages (for example {@code polygon} for {@code polygon.base-url}).
   */
  String name();

  /**
   * The URL of the first page of a split, built on the configured base URL (which may point at a
   * proxy or simulator). It must not contain the credential: the source attaches it.
   */
  HttpUrl firstPage(HttpUrl baseUrl, RestSplit split);

  /**
   * Reads one page that arrived with a 2xx status.
   *
   * @throws MalformedPageException when the body is not a page of this vendor (malformed JSON, an
   *     HTML error page, an error status inside the body); the source then emits the body once as a
   *     failure record and finishes the split
   */
  ParsedPage parse(String body) throws MalformedPageException;

  /** How the vendor expects the credential on every request, including every next page. */
  AuthStyle authStyle();

  /**
   * Headers the vendor demands on every request besides the credential, such as the User-Agent
   * naming the requester that SEC EDGAR requires. They travel with the job graph, so they must not
   * hold a secret: the credential goes through {@link #authStyle()}. None by default.
   */
  default Map<String, String> headers() {
    return Map.of();
  }

  /**
   * The URL to send for a cursor (the first page's URL or a stored next page). Paging state that
   * the vendor's later pages do not repeat (SEC lists a filer's older submission files only on the
   * first page) can ride in query parameters of the cursor, which is checkpointed with the split;
   * this method removes them so that the vendor never sees them. By default the cursor is sent as
   * it is.
   */
  default HttpUrl requestUrl(HttpUrl cursor) {
    return cursor;
  }

  /**
   * Reads one page that arrived with a 2xx status for {@code cursor}, the URL the split stood at
   * (before {@link #requestUrl}). Only protocols that keep paging state in the cursor need it; the
   * default reads the body alone with {@link #parse(String)}.
   */
  default ParsedPage parse(String body, HttpUrl cursor) throws MalformedPageException {
    return parse(body);
  }

  /**
   * Recognizes a non-2xx response that neither a retry nor quarantining one page can fix, such as a
   * vendor's answer that an endpoint is closed to the plan. The source then fails the job with the
   * vendor, the status, the redacted URL and this text. Empty (the default) leaves the response to
   * the source: 401 and 403 stop the job naming the key's location, 429 and 5xx are retried, other
   * statuses become a failure record.
   *
   * @return one line naming the cause and the fix, without any secret
   */
  default Optional<String> fatalError(int status, String body) {
    return Optional.empty();
  }

  /**
   * Recognizes a non-2xx response that says only that the vendor has nothing for the request, such
   * as Polygon's 404 for a ticker asked about on a date before it was listed. The split then ends
   * with no element, as after an empty page, and nothing is quarantined. No response is (the
   * default): every other non-2xx status goes as {@link #fatalError} says.
   */
  default boolean noData(int status, String body) {
    return false;
  }
}

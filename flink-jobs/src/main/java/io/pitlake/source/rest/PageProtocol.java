package io.pitlake.source.rest;

import io.pitlake.source.rest.split.RestSplit;
import java.io.Serializable;
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
}

package io.pitlake.source.rest;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.util.List;
import javax.annotation.Nullable;

/**
 * What a {@link PageProtocol} read from one page.
 *
 * <p>Vendors announce the next page in one of two ways: Polygon sends an absolute {@code next_url};
 * Alpaca sends a token to send back as one query parameter with every other parameter unchanged.
 * The protocol only reports what the page said; the source builds the next URL from the URL it
 * requested, which the protocol never sees.
 *
 * @param elements the JSON text of each result of the page, in vendor order; may be empty
 * @param nextUrl the vendor's URL of the next page; {@code null} or blank means the split is done
 * @param nextToken the token to set on the requested URL for the next page; only without {@code
 *     nextUrl}
 */
public record ParsedPage(
    List<String> elements, @Nullable String nextUrl, @Nullable PageToken nextToken) {

  public ParsedPage {
    elements = List.copyOf(checkNotNull(elements, "elements must not be null: use List.of()"));
    checkArgument(
        nextUrl == null || nextUrl.isBlank() || nextToken == null,
        "a page announces its next page by URL or by token, not both");
  }

  /** A page whose next page, if any, is an absolute URL. */
  public ParsedPage(List<String> elements, @Nullable String nextUrl) {
    this(elements, nextUrl, null);
  }

  /**
   * A page whose next page, if any, is the requested URL with {@code parameter} set to {@code
   * token}; a {@code null} or blank token means the split is done.
   */
  public static ParsedPage withPageToken(
      List<String> elements, String parameter, @Nullable String token) {
    return new ParsedPage(
        elements, null, token == null || token.isBlank() ? null : new PageToken(parameter, token));
  }

  /** Whether the vendor announced another page. */
  public boolean hasNext() {
    return (nextUrl != null && !nextUrl.isBlank()) || nextToken != null;
  }

  /**
   * A next-page token and the query parameter that carries it.
   *
   * @param parameter e.g. {@code page_token}; it must not be a credential parameter, since the URL
   *     is kept in checkpoints and records
   * @param value the vendor's opaque token
   */
  public record PageToken(String parameter, String value) implements java.io.Serializable {

    public PageToken {
      checkArgument(
          parameter != null && !parameter.isBlank(),
          "the page token's query parameter must not be blank, e.g. page_token");
      checkArgument(
          !Redaction.isCredentialParameter(parameter),
          "query parameter %s would be redacted from the stored cursor: it cannot carry a page"
              + " token",
          parameter);
      checkArgument(value != null && !value.isBlank(), "the page token must not be blank");
    }
  }
}

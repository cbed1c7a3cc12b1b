package io.pitlake.source.rest;

import static org.apache.flink.util.Preconditions.checkNotNull;

import java.util.List;
import javax.annotation.Nullable;

/**
 * What a {@link PageProtocol} read from one page.
 *
 * @param elements the JSON text of each result of the page, in vendor order; may be empty
 * @param nextUrl the vendor's URL of the next page; {@code null} or blank means the split is done
 */
public record ParsedPage(List<String> elements, @Nullable String nextUrl) {

  public ParsedPage {
    elements = List.copyOf(checkNotNull(elements, "elements must not be null: use List.of()"));
  }

  /** Whether the vendor announced another page. */
  public boolean hasNext() {
    return nextUrl != null && !nextUrl.isBlank();
  }
}

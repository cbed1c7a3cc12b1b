package io.pitlake.vendor.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.VendorJson;
import java.time.Instant;
import java.util.List;
import javax.annotation.Nullable;

/**
 * One Alpaca news article, an element of {@link AlpacaNewsProtocol}.
 *
 * <p>{@link #eventTime()} is {@code created_at}. What pitlake fetched is the article as last
 * updated, which existed only from {@code updated_at} on, so {@link #availableAt()} is the later of
 * the two; for an article never edited they are equal (or differ by the second Alpaca takes to
 * index it, as in the fixture).
 */
public record AlpacaNewsArticle(
    long id,
    @Nullable String headline,
    @Nullable String author,
    Instant createdAt,
    @Nullable Instant updatedAt,
    @Nullable String summary,
    @Nullable String url,
    List<String> symbols,
    @Nullable String source) {

  private static final String WHAT = "Alpaca news article";

  public AlpacaNewsArticle {
    symbols = List.copyOf(symbols);
  }

  public static AlpacaNewsArticle parse(String json) {
    JsonNode article = VendorJson.object(json, WHAT);
    return new AlpacaNewsArticle(
        VendorJson.requiredInteger(article, "id", WHAT),
        VendorJson.text(article, "headline"),
        VendorJson.text(article, "author"),
        VendorJson.requiredInstant(article, "created_at", WHAT),
        VendorJson.instant(article, "updated_at", WHAT),
        VendorJson.text(article, "summary"),
        VendorJson.text(article, "url"),
        VendorJson.texts(article, "symbols"),
        VendorJson.text(article, "source"));
  }

  public Instant eventTime() {
    return createdAt;
  }

  public Instant availableAt() {
    return updatedAt != null && updatedAt.isAfter(createdAt) ? updatedAt : createdAt;
  }
}

package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.VendorJson;
import java.time.Instant;
import java.util.List;
import javax.annotation.Nullable;

/**
 * A news article from {@code /v2/reference/news}. It describes, and became public at, its {@code
 * published_utc}: {@link #eventTime()} and {@link #availableAt()} are both that instant. Polygon
 * serves no later revision time, so an article edited afterwards is a new version of the same
 * {@code id}, whose availability the versioner raises to when pitlake first saw it.
 */
public record PolygonNewsArticle(
    String id,
    @Nullable String publisherName,
    @Nullable String title,
    @Nullable String author,
    Instant publishedUtc,
    @Nullable String articleUrl,
    List<String> tickers,
    @Nullable String description,
    List<String> keywords) {

  private static final String WHAT = "Polygon news article";

  public PolygonNewsArticle {
    tickers = List.copyOf(tickers);
    keywords = List.copyOf(keywords);
  }

  public static PolygonNewsArticle parse(String json) {
    JsonNode article = VendorJson.object(json, WHAT);
    return new PolygonNewsArticle(
        VendorJson.requiredText(article, "id", WHAT),
        VendorJson.text(article.path("publisher"), "name"),
        VendorJson.text(article, "title"),
        VendorJson.text(article, "author"),
        VendorJson.requiredInstant(article, "published_utc", WHAT),
        VendorJson.text(article, "article_url"),
        VendorJson.texts(article, "tickers"),
        VendorJson.text(article, "description"),
        VendorJson.texts(article, "keywords"));
  }

  public Instant eventTime() {
    return publishedUtc;
  }

  public Instant availableAt() {
    return publishedUtc;
  }
}

package io.pitlake.vendor.alpaca;

import static org.apache.flink.util.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.VendorJson;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Alpaca's news, {@code GET /v1beta1/news}, one element per article as sent.
 *
 * <p>A split's key is a comma-separated symbol list or {@code *}; its day range is sent as UTC
 * instants from 00:00 of the first day to 23:59:59 of the last. Articles are asked for oldest first
 * ({@code sort=asc}; Alpaca's default is newest first), so a split's pages move forward. The
 * article body ({@code include_content}) is not asked for: headline and summary are enough to
 * index, and bodies would multiply the volume.
 */
public class AlpacaNewsProtocol extends AlpacaProtocol {

  private static final long serialVersionUID = 1L;

  public static final int MAX_PAGE_SIZE = 50;

  private final int pageSize;

  public AlpacaNewsProtocol() {
    this(MAX_PAGE_SIZE);
  }

  public AlpacaNewsProtocol(int pageSize) {
    checkArgument(
        pageSize >= 1 && pageSize <= MAX_PAGE_SIZE,
        "Alpaca news page size %s is out of range: set %s between 1 and %s",
        pageSize,
        AlpacaOptions.NEWS_PAGE_SIZE.key(),
        MAX_PAGE_SIZE);
    this.pageSize = pageSize;
  }

  @Override
  public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
    HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("v1beta1/news");
    String symbols = symbols(split);
    if (symbols != null) {
      url.addQueryParameter("symbols", symbols);
    }
    return url.addQueryParameter("start", split.from() + "T00:00:00Z")
        .addQueryParameter("end", split.to() + "T23:59:59Z")
        .addQueryParameter("limit", Integer.toString(pageSize))
        .addQueryParameter("sort", "asc")
        .build();
  }

  @Override
  public ParsedPage parse(String body) throws MalformedPageException {
    JsonNode root = root(body, "news");
    JsonNode news = root.get("news");
    List<String> elements = new ArrayList<>();
    if (!news.isNull()) {
      if (!news.isArray()) {
        throw new MalformedPageException("Alpaca news is not an array but " + news.getNodeType());
      }
      for (JsonNode article : news) {
        elements.add(VendorJson.compact(article));
      }
    }
    return page(root, elements);
  }
}

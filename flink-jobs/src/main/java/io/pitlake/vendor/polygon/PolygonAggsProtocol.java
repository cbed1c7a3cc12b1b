package io.pitlake.vendor.polygon;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.VendorJson;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Polygon (Massive) daily aggregates: {@code GET /v2/aggs/ticker/{key}/range/1/day/{from}/{to}},
 * one element per daily bar.
 *
 * <p>Bars are asked for with {@code adjusted=false}: pitlake stores the prices as they were traded
 * and applies splits itself, as of a chosen point in time. Polygon's adjusted prices are adjusted
 * for the splits known today, which would rewrite history on every new split and leak future
 * knowledge into a backtest. {@code sort=asc} keeps each split's pages in time order.
 *
 * <p>The page is read as Polygon's envelope ({@link PolygonEnvelope}, which refuses error
 * statuses). Each result is re-serialized compactly with its numbers exactly as sent ({@code
 * 642646396.0} stays so), so that downstream parsing sees the vendor's values.
 */
public class PolygonAggsProtocol implements PageProtocol {

  private static final long serialVersionUID = 1L;

  /** Polygon's largest page for aggregates. */
  public static final int MAX_PAGE_SIZE = 50_000;

  private final int pageSize;
  private final AuthStyle authStyle;

  /** The largest pages, key in the {@code Authorization: Bearer} header. */
  public PolygonAggsProtocol() {
    this(MAX_PAGE_SIZE);
  }

  public PolygonAggsProtocol(int pageSize) {
    this(pageSize, AuthStyle.bearerHeader());
  }

  /**
   * @param pageSize results per page, 1 to {@value #MAX_PAGE_SIZE}
   * @param authStyle {@link AuthStyle#bearerHeader()}, or {@code AuthStyle.queryParam("apiKey")}
   *     for a proxy that only forwards query parameters
   */
  public PolygonAggsProtocol(int pageSize, AuthStyle authStyle) {
    checkArgument(
        pageSize >= 1 && pageSize <= MAX_PAGE_SIZE,
        "Polygon aggregates page size %s is out of range: set %s between 1 and %s",
        pageSize,
        PolygonOptions.PAGE_SIZE.key(),
        MAX_PAGE_SIZE);
    this.pageSize = pageSize;
    this.authStyle = checkNotNull(authStyle, "authStyle must not be null");
  }

  @Override
  public String name() {
    return "polygon";
  }

  @Override
  public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
    return baseUrl
        .newBuilder()
        .addPathSegments("v2/aggs/ticker")
        .addPathSegment(split.key())
        .addPathSegments("range/1/day")
        .addPathSegment(split.from().toString())
        .addPathSegment(split.to().toString())
        .addQueryParameter("adjusted", "false")
        .addQueryParameter("sort", "asc")
        .addQueryParameter("limit", Integer.toString(pageSize))
        .build();
  }

  @Override
  public ParsedPage parse(String body) throws MalformedPageException {
    PolygonEnvelope page = PolygonEnvelope.read(body, "aggs_day");
    JsonNode results = page.resultsArray();
    List<String> elements = new ArrayList<>();
    if (results != null) {
      for (JsonNode result : results) {
        elements.add(VendorJson.compact(result));
      }
    }
    return new ParsedPage(elements, page.nextUrl());
  }

  @Override
  public AuthStyle authStyle() {
    return authStyle;
  }
}

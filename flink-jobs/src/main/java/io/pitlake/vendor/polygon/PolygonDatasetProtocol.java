package io.pitlake.vendor.polygon;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.VendorJson;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Polygon (Massive) reference data, grouped daily bars and minute bars: one protocol for every
 * {@link PolygonDataset}, since they share Polygon's envelope ({@code status}, {@code results},
 * {@code next_url}) and differ only in the first URL and the shape of {@code results}.
 *
 * <p>Paging follows {@code next_url} to its end; the source guards against a repeated or malformed
 * next URL and caps the pages per split. Elements are the vendor's result objects written back
 * compactly with the numbers as sent, except where {@code results} is not a list:
 *
 * <ul>
 *   <li>ticker details: the one {@code results} object is the one element;
 *   <li>ticker events: one element per event, with the company's {@code composite_figi}, {@code
 *       cik} and {@code name} copied into it, so that each element says whose event it is.
 * </ul>
 *
 * <p>Prices are asked for unadjusted ({@code adjusted=false}) for the reason given in {@link
 * PolygonAggsProtocol}, except by {@link PolygonDataset#DAY_AGGS_ADJUSTED}, whose point is the
 * vendor's adjustment (dated by its fetch, see {@link PolygonAdjustedDayBar}). Lists are asked for
 * in ascending date order, so a split's pages move forward in time.
 */
public class PolygonDatasetProtocol implements PageProtocol {

  private static final long serialVersionUID = 1L;

  /** The key of a split over every ticker (reference lists) or the whole market (grouped). */
  public static final String ALL_TICKERS = "*";

  /** Polygon's largest page for reference lists (splits, dividends, news). */
  public static final int MAX_REFERENCE_PAGE_SIZE = 1000;

  /** Polygon's largest page of {@code /v3/trades}. */
  public static final int MAX_TRADES_PAGE_SIZE = 50_000;

  private final PolygonDataset dataset;
  private final int pageSize;
  private final AuthStyle authStyle;

  /** Largest pages, key as a Bearer header. */
  public PolygonDatasetProtocol(PolygonDataset dataset) {
    this(dataset, maxPageSize(dataset), AuthStyle.bearerHeader());
  }

  /**
   * @param pageSize the {@code limit}: 1 to {@value #MAX_REFERENCE_PAGE_SIZE} for reference lists,
   *     to {@value PolygonAggsProtocol#MAX_PAGE_SIZE} for minute and adjusted daily bars; unused by
   *     grouped daily and ticker details, which are one page
   */
  public PolygonDatasetProtocol(PolygonDataset dataset, int pageSize, AuthStyle authStyle) {
    this.dataset = checkNotNull(dataset, "dataset must not be null");
    int max = maxPageSize(dataset);
    checkArgument(
        pageSize >= 1 && pageSize <= max,
        "Polygon %s page size %s is out of range: set %s between 1 and %s",
        dataset.datasetName(),
        pageSize,
        aggregates(dataset)
            ? PolygonOptions.PAGE_SIZE.key()
            : PolygonOptions.REFERENCE_PAGE_SIZE.key(),
        max);
    this.pageSize = pageSize;
    this.authStyle = checkNotNull(authStyle, "authStyle must not be null");
  }

  /** Whether {@code dataset} pages bars by Polygon's aggregates {@code limit}. */
  private static boolean aggregates(PolygonDataset dataset) {
    return dataset == PolygonDataset.MINUTE_AGGS || dataset == PolygonDataset.DAY_AGGS_ADJUSTED;
  }

  private static int maxPageSize(PolygonDataset dataset) {
    if (dataset == PolygonDataset.TRADES) {
      return MAX_TRADES_PAGE_SIZE;
    }
    return aggregates(dataset) ? PolygonAggsProtocol.MAX_PAGE_SIZE : MAX_REFERENCE_PAGE_SIZE;
  }

  /**
   * One split per ticker and NYSE session, the unit of minute bars (a day of minute bars fits one
   * page, and a failed day is retried or quarantined alone) and of option chains (one as-of day).
   */
  public static List<RestSplit> sessionSplits(List<String> tickers, LocalDate from, LocalDate to) {
    checkArgument(
        tickers != null && !tickers.isEmpty(), "tickers must not be empty: pass at least one");
    List<RestSplit> splits = new ArrayList<>();
    for (LocalDate session : NyseCalendar.instance().sessions(from, to)) {
      for (String ticker : tickers) {
        splits.add(RestSplit.of(ticker, session, session));
      }
    }
    return splits;
  }

  /** One split per NYSE session for grouped daily bars, keyed {@link #ALL_TICKERS}. */
  public static List<RestSplit> groupedDailySplits(LocalDate from, LocalDate to) {
    List<RestSplit> splits = new ArrayList<>();
    for (LocalDate session : NyseCalendar.instance().sessions(from, to)) {
      splits.add(RestSplit.of(ALL_TICKERS, session, session));
    }
    return splits;
  }

  public PolygonDataset dataset() {
    return dataset;
  }

  @Override
  public String name() {
    return "polygon";
  }

  @Override
  public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
    HttpUrl.Builder url = baseUrl.newBuilder();
    String limit = Integer.toString(pageSize);
    switch (dataset) {
      case GROUPED_DAILY -> {
        requireOneDay(split);
        url.addPathSegments("v2/aggs/grouped/locale/us/market/stocks")
            .addPathSegment(split.from().toString())
            .addQueryParameter("adjusted", "false");
      }
      case SPLITS ->
          list(url, "v3/reference/splits", split)
              .addQueryParameter("execution_date.gte", split.from().toString())
              .addQueryParameter("execution_date.lte", split.to().toString())
              .addQueryParameter("order", "asc")
              .addQueryParameter("sort", "execution_date")
              .addQueryParameter("limit", limit);
      case DIVIDENDS ->
          list(url, "v3/reference/dividends", split)
              .addQueryParameter("ex_dividend_date.gte", split.from().toString())
              .addQueryParameter("ex_dividend_date.lte", split.to().toString())
              .addQueryParameter("order", "asc")
              .addQueryParameter("sort", "ex_dividend_date")
              .addQueryParameter("limit", limit);
      case NEWS ->
          // published_utc.lte with a date would end at that day's 00:00: ask for < the next day.
          list(url, "v2/reference/news", split)
              .addQueryParameter("published_utc.gte", split.from().toString())
              .addQueryParameter("published_utc.lt", split.to().plusDays(1).toString())
              .addQueryParameter("order", "asc")
              .addQueryParameter("sort", "published_utc")
              .addQueryParameter("limit", limit);
      case TICKER_DETAILS -> {
        requireOneDay(split);
        requireTicker(split);
        url.addPathSegments("v3/reference/tickers")
            .addPathSegment(split.key())
            .addQueryParameter("date", split.from().toString());
      }
      case TICKER_EVENTS -> {
        requireTicker(split);
        url.addPathSegments("vX/reference/tickers")
            .addPathSegment(split.key())
            .addPathSegment("events")
            .addQueryParameter("types", "ticker_change");
      }
      case MINUTE_AGGS -> {
        requireTicker(split);
        url.addPathSegments("v2/aggs/ticker")
            .addPathSegment(split.key())
            .addPathSegments("range/1/minute")
            .addPathSegment(split.from().toString())
            .addPathSegment(split.to().toString())
            .addQueryParameter("adjusted", "false")
            .addQueryParameter("sort", "asc")
            .addQueryParameter("limit", limit);
      }
      case OPTIONS_CONTRACTS -> {
        requireOneDay(split);
        requireTicker(split);
        url.addPathSegments("v3/reference/options/contracts")
            .addQueryParameter("underlying_ticker", split.key())
            .addQueryParameter("as_of", split.from().toString())
            .addQueryParameter("expired", "false")
            .addQueryParameter("order", "asc")
            .addQueryParameter("sort", "ticker")
            .addQueryParameter("limit", limit);
      }
      case TRADES -> {
        requireTicker(split);
        url.addPathSegments("v3/trades")
            .addPathSegment(split.key())
            .addQueryParameter("timestamp.gte", split.from().toString())
            .addQueryParameter("timestamp.lte", split.to().toString())
            .addQueryParameter("order", "asc")
            .addQueryParameter("sort", "timestamp")
            .addQueryParameter("limit", limit);
      }
      case DAY_AGGS_ADJUSTED -> {
        requireTicker(split);
        url.addPathSegments("v2/aggs/ticker")
            .addPathSegment(split.key())
            .addPathSegments("range/1/day")
            .addPathSegment(split.from().toString())
            .addPathSegment(split.to().toString())
            .addQueryParameter("adjusted", "true")
            .addQueryParameter("sort", "asc")
            .addQueryParameter("limit", limit);
      }
    }
    return url.build();
  }

  private static HttpUrl.Builder list(HttpUrl.Builder url, String path, RestSplit split) {
    url.addPathSegments(path);
    if (!ALL_TICKERS.equals(split.key())) {
      url.addQueryParameter("ticker", split.key());
    }
    return url;
  }

  private void requireOneDay(RestSplit split) {
    checkArgument(
        split.from().equals(split.to()),
        "split %s spans %s to %s, but Polygon %s is asked for one day per split: make one split"
            + " per day",
        split.splitId(),
        split.from(),
        split.to(),
        dataset.datasetName());
  }

  private void requireTicker(RestSplit split) {
    checkArgument(
        !ALL_TICKERS.equals(split.key()),
        "split %s has key %s, but Polygon %s needs one ticker per split",
        split.splitId(),
        split.key(),
        dataset.datasetName());
  }

  @Override
  public ParsedPage parse(String body) throws MalformedPageException {
    PolygonEnvelope page = PolygonEnvelope.read(body, dataset.datasetName());
    List<String> elements = new ArrayList<>();
    switch (dataset) {
      case TICKER_DETAILS -> {
        JsonNode details = page.resultsObject();
        if (details != null) {
          elements.add(VendorJson.compact(details));
        }
      }
      case TICKER_EVENTS -> {
        JsonNode company = page.resultsObject();
        JsonNode events = company == null ? null : company.get("events");
        if (events != null && !events.isNull()) {
          page.requireArray(events, "results.events");
          for (JsonNode event : events) {
            elements.add(VendorJson.compact(withCompany(event, company)));
          }
        }
      }
      default -> {
        JsonNode results = page.resultsArray();
        if (results != null) {
          for (JsonNode result : results) {
            elements.add(VendorJson.compact(result));
          }
        }
      }
    }
    return new ParsedPage(elements, page.nextUrl());
  }

  private static ObjectNode withCompany(JsonNode event, JsonNode company) {
    ObjectNode element = VendorJson.MAPPER.createObjectNode();
    for (String field : List.of("composite_figi", "cik", "name")) {
      if (company.hasNonNull(field)) {
        element.set(field, company.get(field));
      }
    }
    event.fields().forEachRemaining(e -> element.set(e.getKey(), e.getValue()));
    return element;
  }

  /**
   * Ticker details answer 404 for a ticker on a date it did not trade under (before its listing or
   * its rename to it): there are no details as of that date, which is not an error.
   */
  @Override
  public boolean noData(int status, String body) {
    return dataset == PolygonDataset.TICKER_DETAILS && status == 404;
  }

  @Override
  public AuthStyle authStyle() {
    return authStyle;
  }
}

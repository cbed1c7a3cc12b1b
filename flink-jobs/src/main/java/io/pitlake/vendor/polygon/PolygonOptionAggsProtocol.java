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
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Daily bars of every option contract of one underlying over one chunk of days: {@code
 * polygon.options_aggs_day}, one split per underlying × calendar month.
 *
 * <p>Polygon serves option bars per contract ({@code /v2/aggs/ticker/O:…/range/1/day/…}), and the
 * contracts that may have traded in {@code [from, to]} are known only from the contracts endpoint.
 * A split therefore walks two stages, each a contracts listing ({@code as_of=to}, {@code
 * expiration_date.gte=from}, followed by {@code next_url}) and, after each listing page, one bar
 * request per contract on it: first {@code expired=true} (contracts that expired by {@code to}),
 * then {@code expired=false} (the ones still listed at {@code to}). Together they are every
 * contract listed by {@code to} that expired on or after {@code from}.
 *
 * <p>Where the split stands (stage, the contracts of the current listing page still to fetch, the
 * listing's next page) rides in {@value #STATE_PREFIX}-parameters of the cursor, which is
 * checkpointed with the split; {@link #requestUrl} removes them, so Polygon never sees them. A
 * listing page emits no element; a bar page emits each bar with the contract's {@code ticker}
 * written into it (the results do not repeat it).
 */
public final class PolygonOptionAggsProtocol implements PageProtocol {

  private static final long serialVersionUID = 1L;

  /** The prefix of the cursor's own parameters, stripped before a request. */
  static final String STATE_PREFIX = "pitlake.";

  private static final String STAGE = STATE_PREFIX + "stage";
  private static final String PENDING = STATE_PREFIX + "pending";
  private static final String LISTING_NEXT = STATE_PREFIX + "listing-next";
  private static final String UNDERLYING = STATE_PREFIX + "underlying";
  private static final String FROM = STATE_PREFIX + "from";
  private static final String TO = STATE_PREFIX + "to";
  private static final List<String> STAGES = List.of("true", "false");
  private static final String CONTRACTS_PATH = "v3/reference/options/contracts";
  private static final String AGGS_PATH = "v2/aggs/ticker";
  private final int pageSize;
  private final AuthStyle authStyle;

  /**
   * @param pageSize the bar requests' {@code limit}, 1 to {@value
   *     PolygonAggsProtocol#MAX_PAGE_SIZE} (listings always ask for {@value
   *     PolygonDatasetProtocol#MAX_REFERENCE_PAGE_SIZE})
   */
  public PolygonOptionAggsProtocol(int pageSize, AuthStyle authStyle) {
    checkArgument(
        pageSize >= 1 && pageSize <= PolygonAggsProtocol.MAX_PAGE_SIZE,
        "Polygon options_aggs_day page size %s is out of range: set %s between 1 and %s",
        pageSize,
        PolygonOptions.PAGE_SIZE.key(),
        PolygonAggsProtocol.MAX_PAGE_SIZE);
    this.pageSize = pageSize;
    this.authStyle = checkNotNull(authStyle, "authStyle must not be null");
  }

  /** One split per underlying and calendar month of {@code [from, to]}, clipped to the range. */
  public static List<RestSplit> monthSplits(
      List<String> underlyings, LocalDate from, LocalDate to) {
    checkArgument(
        underlyings != null && !underlyings.isEmpty(),
        "underlyings must not be empty: pass at least one with --symbols");
    checkArgument(!to.isBefore(from), "the range %s to %s ends before it starts", from, to);
    List<RestSplit> splits = new ArrayList<>();
    for (YearMonth month = YearMonth.from(from);
        !month.isAfter(YearMonth.from(to));
        month = month.plusMonths(1)) {
      LocalDate start = month.atDay(1).isBefore(from) ? from : month.atDay(1);
      LocalDate end = month.atEndOfMonth().isAfter(to) ? to : month.atEndOfMonth();
      for (String underlying : underlyings) {
        splits.add(RestSplit.of(underlying, start, end));
      }
    }
    return splits;
  }

  @Override
  public String name() {
    return "polygon";
  }

  @Override
  public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
    checkArgument(
        !PolygonDatasetProtocol.ALL_TICKERS.equals(split.key()),
        "split %s has key %s, but Polygon options_aggs_day needs one underlying per split",
        split.splitId(),
        split.key());
    HttpUrl.Builder base =
        baseUrl
            .newBuilder()
            .addQueryParameter(UNDERLYING, split.key())
            .addQueryParameter(FROM, split.from().toString())
            .addQueryParameter(TO, split.to().toString());
    return listing(base.build(), STAGES.get(0));
  }

  /** The first listing page of {@code stage} on the base URL that {@code state} carries. */
  private static HttpUrl listing(HttpUrl state, String stage) {
    HttpUrl base = baseOf(state);
    return base.newBuilder()
        .addPathSegments(CONTRACTS_PATH)
        .addQueryParameter("underlying_ticker", state.queryParameter(UNDERLYING))
        .addQueryParameter("as_of", state.queryParameter(TO))
        .addQueryParameter("expired", stage)
        .addQueryParameter("expiration_date.gte", state.queryParameter(FROM))
        .addQueryParameter("order", "asc")
        .addQueryParameter("sort", "ticker")
        .addQueryParameter(
            "limit", Integer.toString(PolygonDatasetProtocol.MAX_REFERENCE_PAGE_SIZE))
        .addQueryParameter(UNDERLYING, state.queryParameter(UNDERLYING))
        .addQueryParameter(FROM, state.queryParameter(FROM))
        .addQueryParameter(TO, state.queryParameter(TO))
        .addQueryParameter(STAGE, stage)
        .build();
  }

  /**
   * The configured base URL behind a cursor: the path before this protocol's endpoint, no query. A
   * first page's state URL is the base itself.
   */
  private static HttpUrl baseOf(HttpUrl cursor) {
    String path = cursor.encodedPath();
    for (String endpoint : List.of("/" + CONTRACTS_PATH, "/" + AGGS_PATH + "/")) {
      int at = path.indexOf(endpoint);
      if (at >= 0) {
        path = path.substring(0, at + 1);
      }
    }
    return cursor.newBuilder().encodedPath(path).query(null).build();
  }

  @Override
  public HttpUrl requestUrl(HttpUrl cursor) {
    HttpUrl.Builder url = cursor.newBuilder();
    for (String name : cursor.queryParameterNames()) {
      if (name.startsWith(STATE_PREFIX)) {
        url.removeAllQueryParameters(name);
      }
    }
    return url.build();
  }

  @Override
  public ParsedPage parse(String body) throws MalformedPageException {
    throw new UnsupportedOperationException(
        "options_aggs_day pages are read with their cursor: call parse(body, cursor)");
  }

  @Override
  public ParsedPage parse(String body, HttpUrl cursor) throws MalformedPageException {
    PolygonEnvelope page = PolygonEnvelope.read(body, "options_aggs_day");
    JsonNode root = page.root();
    JsonNode results = page.resultsArray();
    String next = page.nextUrl();
    List<String> elements = new ArrayList<>();
    if (cursor.encodedPath().contains("/" + CONTRACTS_PATH)) {
      List<String> contracts = new ArrayList<>();
      if (results != null) {
        for (JsonNode contract : results) {
          String ticker = contract.path("ticker").asText("");
          if (!ticker.isEmpty()) {
            contracts.add(ticker);
          }
        }
      }
      return new ParsedPage(elements, advance(cursor, contracts, next));
    }
    String ticker = root.path("ticker").asText(null);
    if (ticker == null) {
      throw new MalformedPageException("Polygon option aggregates page has no ticker");
    }
    if (results != null) {
      for (JsonNode bar : results) {
        elements.add(VendorJson.compact(VendorJson.withFirst(bar, "ticker", ticker)));
      }
    }
    if (next != null) {
      HttpUrl nextPage = HttpUrl.parse(next);
      if (nextPage == null) {
        return new ParsedPage(elements, next);
      }
      HttpUrl.Builder nextBars = nextPage.newBuilder();
      for (String name : List.of(PENDING, LISTING_NEXT)) {
        if (cursor.queryParameter(name) != null) {
          nextBars.setQueryParameter(name, cursor.queryParameter(name));
        }
      }
      return new ParsedPage(elements, carry(cursor, nextBars).toString());
    }
    return new ParsedPage(elements, advance(cursor, pending(cursor), listingNext(cursor)));
  }

  /**
   * The next cursor once a page is done: the next pending contract's bars, else the listing's next
   * page, else the next stage's first listing, else none.
   */
  private String advance(HttpUrl cursor, List<String> pending, String listingNext) {
    if (!pending.isEmpty()) {
      HttpUrl.Builder bars =
          baseOf(cursor)
              .newBuilder()
              .addPathSegments(AGGS_PATH)
              .addPathSegment(pending.get(0))
              .addPathSegments("range/1/day")
              .addPathSegment(cursor.queryParameter(FROM))
              .addPathSegment(cursor.queryParameter(TO))
              .addQueryParameter("adjusted", "false")
              .addQueryParameter("sort", "asc")
              .addQueryParameter("limit", Integer.toString(pageSize));
      if (pending.size() > 1) {
        bars.addQueryParameter(PENDING, String.join(",", pending.subList(1, pending.size())));
      }
      if (listingNext != null) {
        bars.addQueryParameter(LISTING_NEXT, listingNext);
      }
      return carry(cursor, bars).toString();
    }
    if (listingNext != null) {
      HttpUrl nextListing = HttpUrl.parse(listingNext);
      return nextListing == null ? listingNext : carry(cursor, nextListing.newBuilder()).toString();
    }
    String stageName = cursor.queryParameter(STAGE);
    int stage = stageName == null ? -1 : STAGES.indexOf(stageName);
    return stage >= 0 && stage + 1 < STAGES.size()
        ? listing(cursor, STAGES.get(stage + 1)).toString()
        : null;
  }

  /** {@code url} with the split's fixed state (underlying, range, stage) copied from the cursor. */
  private static HttpUrl carry(HttpUrl cursor, HttpUrl.Builder url) {
    for (String name : List.of(UNDERLYING, FROM, TO, STAGE)) {
      url.setQueryParameter(name, cursor.queryParameter(name));
    }
    return url.build();
  }

  private static List<String> pending(HttpUrl cursor) {
    String pending = cursor.queryParameter(PENDING);
    return pending == null || pending.isEmpty() ? List.of() : Arrays.asList(pending.split(","));
  }

  private static String listingNext(HttpUrl cursor) {
    return cursor.queryParameter(LISTING_NEXT);
  }

  @Override
  public AuthStyle authStyle() {
    return authStyle;
  }
}

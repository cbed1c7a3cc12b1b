package io.pitlake.vendor.alpaca;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.MarketDates;
import io.pitlake.vendor.VendorJson;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import okhttp3.HttpUrl;

/**
 * Alpaca's multi-symbol bars, {@code GET /v2/stocks/bars}: many symbols per request, which matters
 * under a limit of 200 requests a minute.
 *
 * <p>A split's key is a comma-separated symbol list ({@link #splits}). Alpaca's {@code limit}
 * counts bars across all symbols and sorts by symbol, then time, so a page may hold only the first
 * symbols; the split pages on with {@code page_token} until {@code next_page_token} is null.
 *
 * <p>The response maps each symbol to its bars, and a bar does not name its symbol, so each element
 * is the bar with the symbol put in front as {@code S}, the field name of Alpaca's WebSocket bars:
 * {@code {"S":"AAPL","t":"2022-02-01T05:00:00Z","o":174,...}}. Everything else is as sent.
 *
 * <p>A split's day range is sent as instants, 00:00 America/New_York of the first day to one second
 * before 00:00 of the day after the last ({@code end} is inclusive), so that a day means the same
 * New York day for daily and minute bars.
 */
public class AlpacaBarsProtocol extends AlpacaProtocol {

  private static final long serialVersionUID = 1L;

  public static final int MAX_PAGE_SIZE = 10_000;

  private final AlpacaTimeframe timeframe;
  private final AlpacaFeed feed;
  private final AlpacaAdjustment adjustment;
  private final int pageSize;

  /** The defaults of {@link AlpacaOptions}: daily, SIP, raw, largest pages. */
  public AlpacaBarsProtocol() {
    this(AlpacaTimeframe.DAY, AlpacaFeed.SIP, AlpacaAdjustment.RAW, MAX_PAGE_SIZE);
  }

  public AlpacaBarsProtocol(
      AlpacaTimeframe timeframe, AlpacaFeed feed, AlpacaAdjustment adjustment, int pageSize) {
    this.timeframe = checkNotNull(timeframe, "timeframe must not be null");
    this.feed = checkNotNull(feed, "feed must not be null");
    this.adjustment = checkNotNull(adjustment, "adjustment must not be null");
    checkArgument(
        pageSize >= 1 && pageSize <= MAX_PAGE_SIZE,
        "Alpaca bars page size %s is out of range: set %s between 1 and %s",
        pageSize,
        AlpacaOptions.BARS_PAGE_SIZE.key(),
        MAX_PAGE_SIZE);
    this.pageSize = pageSize;
  }

  /**
   * Splits over {@code symbols} in groups of {@code symbolsPerRequest} (sorted, so a split id is
   * stable), each over consecutive chunks of {@code chunk}; see {@link RestSplit#chunks}.
   */
  public static List<RestSplit> splits(
      List<String> symbols, int symbolsPerRequest, LocalDate from, LocalDate to, Period chunk) {
    checkArgument(
        symbols != null && !symbols.isEmpty(), "symbols must not be empty: pass at least one");
    checkArgument(
        symbolsPerRequest >= 1,
        "%s is %s but must be at least 1",
        AlpacaOptions.SYMBOLS_PER_REQUEST.key(),
        symbolsPerRequest);
    for (String symbol : symbols) {
      checkArgument(
          symbol != null && !symbol.isBlank() && symbol.indexOf(',') < 0,
          "symbol '%s' is blank or holds a comma: list each symbol separately",
          symbol);
    }
    List<String> sorted = new ArrayList<>(new TreeSet<>(symbols));
    checkArgument(
        sorted.size() == symbols.size(), "symbols list one symbol twice: list each symbol once");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i += symbolsPerRequest) {
      keys.add(String.join(",", sorted.subList(i, Math.min(sorted.size(), i + symbolsPerRequest))));
    }
    return RestSplit.chunks(keys, from, to, chunk);
  }

  @Override
  public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
    checkArgument(
        !ALL_SYMBOLS.equals(split.key()),
        "split %s: Alpaca bars need a symbol list, not %s",
        split.splitId(),
        ALL_SYMBOLS);
    return baseUrl
        .newBuilder()
        .addPathSegments("v2/stocks/bars")
        .addQueryParameter("symbols", split.key())
        .addQueryParameter("timeframe", timeframe.wireName())
        .addQueryParameter("start", MarketDates.startOfDay(split.from()).toString())
        .addQueryParameter("end", MarketDates.endOfDay(split.to()).minusSeconds(1).toString())
        .addQueryParameter("limit", Integer.toString(pageSize))
        .addQueryParameter("adjustment", adjustment.wireName())
        .addQueryParameter("feed", feed.wireName())
        .addQueryParameter("sort", "asc")
        .build();
  }

  @Override
  public ParsedPage parse(String body) throws MalformedPageException {
    JsonNode root = root(body, "bars");
    JsonNode bars = root.get("bars");
    List<String> elements = new ArrayList<>();
    if (!bars.isNull()) {
      if (!bars.isObject()) {
        throw new MalformedPageException(
            "Alpaca bars is not an object of symbols but " + bars.getNodeType());
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = bars.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> symbol = it.next();
        if (!symbol.getValue().isArray()) {
          throw new MalformedPageException(
              String.format(
                  "Alpaca bars of %s are not an array but %s",
                  symbol.getKey(), symbol.getValue().getNodeType()));
        }
        for (JsonNode bar : symbol.getValue()) {
          elements.add(VendorJson.compact(withFirst(bar, "S", symbol.getKey())));
        }
      }
    }
    return page(root, elements);
  }
}

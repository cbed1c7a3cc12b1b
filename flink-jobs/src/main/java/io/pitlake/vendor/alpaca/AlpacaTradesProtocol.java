package io.pitlake.vendor.alpaca;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.MarketDates;
import io.pitlake.vendor.VendorJson;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Alpaca's trades of one symbol, {@code GET /v2/stocks/{symbol}/trades}, for a live feed's gap
 * fill: the settled tape (a cancelled trade is not there, a corrected one is there under its
 * correction's id). Each element is the trade with its symbol put first as {@code S}, the field
 * name of Alpaca's websocket trades. A split's key is one symbol; its days are sent as instants,
 * 00:00 New York of the first day to one second before 00:00 of the day after the last, as for
 * bars.
 */
public final class AlpacaTradesProtocol extends AlpacaProtocol {

  private static final long serialVersionUID = 1L;

  /** Alpaca's largest page. */
  public static final int MAX_PAGE_SIZE = 10_000;

  private final AlpacaFeed feed;

  public AlpacaTradesProtocol(AlpacaFeed feed) {
    this.feed = checkNotNull(feed, "feed must not be null: set alpaca.feed");
  }

  @Override
  public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
    checkArgument(
        !ALL_SYMBOLS.equals(split.key()) && split.key().indexOf(',') < 0,
        "split %s: Alpaca trades are asked for one symbol per split, not %s",
        split.splitId(),
        split.key());
    return baseUrl
        .newBuilder()
        .addPathSegments("v2/stocks")
        .addPathSegment(split.key())
        .addPathSegment("trades")
        .addQueryParameter("start", MarketDates.startOfDay(split.from()).toString())
        .addQueryParameter("end", MarketDates.endOfDay(split.to()).minusSeconds(1).toString())
        .addQueryParameter("limit", Integer.toString(MAX_PAGE_SIZE))
        .addQueryParameter("feed", feed.wireName())
        .addQueryParameter("sort", "asc")
        .build();
  }

  @Override
  public ParsedPage parse(String body) throws MalformedPageException {
    JsonNode root = root(body, "trades");
    JsonNode trades = root.get("trades");
    String symbol = root.path("symbol").asText("");
    List<String> elements = new ArrayList<>();
    if (!trades.isNull()) {
      if (!trades.isArray()) {
        throw new MalformedPageException(
            "Alpaca trades is not an array but " + trades.getNodeType());
      }
      for (JsonNode trade : trades) {
        elements.add(VendorJson.compact(withFirst(trade, "S", symbol)));
      }
    }
    return page(root, elements);
  }
}

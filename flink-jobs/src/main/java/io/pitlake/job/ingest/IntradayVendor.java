package io.pitlake.job.ingest;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.websocket.WebSocketProtocol;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import io.pitlake.vendor.alpaca.AlpacaTradesProtocol;
import io.pitlake.vendor.alpaca.AlpacaWebSocketProtocol;
import io.pitlake.vendor.alpaca.AlpacaWsElements;
import io.pitlake.vendor.polygon.PolygonDataset;
import io.pitlake.vendor.polygon.PolygonDatasetProtocol;
import io.pitlake.vendor.polygon.PolygonWebSocketProtocol;
import io.pitlake.vendor.polygon.PolygonWsElements;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.configuration.Configuration;

/**
 * The vendors whose websocket a live job can follow for minute bars and trades ({@code --intraday
 * VENDOR --channels bars,trades}): each with its protocol, the channels of a plan's symbols, its
 * element reader and its bronze table, and the REST minute bars and trades its gaps are filled
 * from. The rest of the feed ({@link WebSocketIngestJob}, silver's SQL) is the same for all.
 */
public enum IntradayVendor {
  /** Polygon's minute aggregates ({@code AM.SYMBOL}) into {@code bronze.polygon_ws}. */
  POLYGON("polygon:stocks:AM", PitlakeTables.BRONZE_POLYGON_WS) {
    @Override
    public WebSocketProtocol protocol() {
      return new PolygonWebSocketProtocol();
    }

    @Override
    public List<String> channels(List<String> symbols, IntradayChannel channel) {
      return PolygonWebSocketProtocol.channels(
          channel == IntradayChannel.BARS
              ? PolygonWebSocketProtocol.MINUTE_AGGREGATES
              : PolygonWebSocketProtocol.TRADES,
          symbols);
    }

    @Override
    public String markKey(String symbol, IntradayChannel channel) {
      return channels(List.of(symbol), channel).get(0);
    }

    @Override
    public PageProtocol restTrades(Configuration options) {
      return new PolygonDatasetProtocol(
          PolygonDataset.TRADES,
          PolygonDatasetProtocol.MAX_TRADES_PAGE_SIZE,
          AuthStyle.bearerHeader());
    }

    @Override
    public WsElementReader elements() {
      return new PolygonWsElements();
    }

    @Override
    public VendorDataset restMinutes() {
      return VendorDataset.POLYGON_AGGS_MINUTE;
    }
  },
  /**
   * Alpaca's minute bars and their updates ({@code bars}, {@code updatedBars}) into {@code
   * bronze.alpaca_ws}.
   */
  ALPACA("alpaca:bars", PitlakeTables.BRONZE_ALPACA_WS) {
    @Override
    public WebSocketProtocol protocol() {
      return new AlpacaWebSocketProtocol();
    }

    @Override
    public List<String> channels(List<String> symbols, IntradayChannel channel) {
      return channel == IntradayChannel.BARS
          ? AlpacaWebSocketProtocol.barChannels(symbols)
          : AlpacaWebSocketProtocol.tradeChannels(symbols);
    }

    /** {@code bars.SYM} (a bar and its update alike), {@code t.SYM} (a trade's SIP time). */
    @Override
    public String markKey(String symbol, IntradayChannel channel) {
      return (channel == IntradayChannel.BARS ? AlpacaWebSocketProtocol.BARS : "t") + "." + symbol;
    }

    @Override
    public PageProtocol restTrades(Configuration options) {
      return new AlpacaTradesProtocol(options.get(AlpacaOptions.FEED));
    }

    @Override
    public WsElementReader elements() {
      return new AlpacaWsElements();
    }

    @Override
    public VendorDataset restMinutes() {
      return VendorDataset.ALPACA_BARS_MINUTE;
    }
  };

  private final String splitId;
  private final TableSpec bronze;

  IntradayVendor(String splitId, TableSpec bronze) {
    this.splitId = splitId;
    this.bronze = bronze;
  }

  public abstract WebSocketProtocol protocol();

  /** The subscription channels of {@code channel} for {@code symbols}, e.g. {@code AM.AAPL}. */
  public abstract List<String> channels(List<String> symbols, IntradayChannel channel);

  /** The subscription channels of every channel of {@code channels} for {@code symbols}. */
  public List<String> channels(List<String> symbols, Set<IntradayChannel> channels) {
    List<String> all = new ArrayList<>();
    for (IntradayChannel channel : IntradayChannel.values()) {
      if (channels.contains(channel)) {
        all.addAll(channels(symbols, channel));
      }
    }
    return all;
  }

  /**
   * The high-water-mark key of {@code channel} for {@code symbol} ({@link
   * io.pitlake.source.websocket.WebSocketProtocol#highWaterMark}), where a gap fill starts.
   */
  public abstract String markKey(String symbol, IntradayChannel channel);

  /**
   * The vendor's REST trades (Polygon's {@code /v3/trades}, Alpaca's {@code
   * /v2/stocks/{symbol}/trades}) that fill the trades of a gap: one split per symbol and New York
   * day ({@code RestSplit.of(symbol, day, day)}), each element a trade of the settled tape.
   */
  public abstract PageProtocol restTrades(Configuration options);

  public abstract WsElementReader elements();

  /** The REST minute bars that fill the feed's gaps ({@link GapFiller}). */
  public abstract VendorDataset restMinutes();

  /** The split of the feed's one connection (its id predates trades: kept for checkpoints). */
  public String splitId() {
    return splitId;
  }

  /** The {@code bronze.<vendor>_ws} table the feed writes. */
  public TableSpec bronze() {
    return bronze;
  }

  /** The vendor id, e.g. {@code alpaca}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The vendor named {@code id}, e.g. from {@code --intraday alpaca}.
   *
   * @throws IllegalArgumentException naming the vendors there are
   */
  public static IntradayVendor of(String id) {
    for (IntradayVendor vendor : values()) {
      if (vendor.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
        return vendor;
      }
    }
    throw new IllegalArgumentException(
        "no websocket feed for vendor '" + id + "': use polygon or alpaca");
  }
}

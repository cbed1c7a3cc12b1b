package io.pitlake.job.ingest;

import io.pitlake.source.websocket.WebSocketProtocol;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.vendor.alpaca.AlpacaWebSocketProtocol;
import io.pitlake.vendor.alpaca.AlpacaWsElements;
import io.pitlake.vendor.polygon.PolygonWebSocketProtocol;
import io.pitlake.vendor.polygon.PolygonWsElements;
import java.util.List;
import java.util.Locale;

/**
 * The vendors whose websocket a live job can follow for minute bars ({@code --intraday VENDOR}):
 * each with its protocol, the channels of a plan's symbols, its element reader and its bronze
 * table, and the REST minute bars its gaps are filled from. The rest of the feed ({@link
 * WebSocketIngestJob}, silver's SQL) is the same for all.
 */
public enum IntradayVendor {
  /** Polygon's minute aggregates ({@code AM.SYMBOL}) into {@code bronze.polygon_ws}. */
  POLYGON("polygon:stocks:AM", PitlakeTables.BRONZE_POLYGON_WS) {
    @Override
    public WebSocketProtocol protocol() {
      return new PolygonWebSocketProtocol();
    }

    @Override
    public List<String> channels(List<String> symbols) {
      return PolygonWebSocketProtocol.channels(PolygonWebSocketProtocol.MINUTE_AGGREGATES, symbols);
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
    public List<String> channels(List<String> symbols) {
      return AlpacaWebSocketProtocol.barChannels(symbols);
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

  /** The channels of the minute bars of {@code symbols}. */
  public abstract List<String> channels(List<String> symbols);

  public abstract WsElementReader elements();

  /** The REST minute bars that fill the feed's gaps ({@link GapFiller}). */
  public abstract VendorDataset restMinutes();

  /** The split of the minute-bar connection. */
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

package io.pitlake.job.ingest;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.source.rest.Credentials;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;

/**
 * What a live intraday feed follows and where it writes: a vendor's minute bars and trades of
 * {@code symbols} by websocket into its {@code bronze.<vendor>_ws} ({@link IntradayVendor}).
 *
 * @param catalog the lake
 * @param symbols tickers as the vendor spells them
 * @param websocketUrl the vendor's websocket (real, or the simulator's), without a credential
 * @param restBaseUrl the vendor's REST base URL (real, or the simulator's), for gap fills
 * @param credentials where the API key comes from; never the key itself
 * @param clock stamps each frame's receipt ({@code available_at}): the system clock, or a test's
 *     replay clock; serializable
 * @param options websocket source and job options
 * @param vendor whose websocket it is
 * @param channels what the feed subscribes to: bars, trades or both
 */
public record IntradayPlan(
    CatalogConfig catalog,
    List<String> symbols,
    String websocketUrl,
    String restBaseUrl,
    Credentials credentials,
    Clock clock,
    Configuration options,
    IntradayVendor vendor,
    Set<IntradayChannel> channels) {

  /** A plan of minute bars only. */
  public IntradayPlan(
      CatalogConfig catalog,
      List<String> symbols,
      String websocketUrl,
      String restBaseUrl,
      Credentials credentials,
      Clock clock,
      Configuration options,
      IntradayVendor vendor) {
    this(
        catalog,
        symbols,
        websocketUrl,
        restBaseUrl,
        credentials,
        clock,
        options,
        vendor,
        EnumSet.of(IntradayChannel.BARS));
  }

  public IntradayPlan {
    checkNotNull(catalog, "catalog must not be null");
    checkArgument(symbols != null && !symbols.isEmpty(), "at least one symbol is required");
    checkNotNull(websocketUrl, "websocketUrl must not be null");
    checkNotNull(restBaseUrl, "restBaseUrl must not be null: pass the vendor's REST base URL");
    checkNotNull(credentials, "credentials must not be null");
    checkNotNull(clock, "clock must not be null");
    checkNotNull(vendor, "vendor must not be null: pass IntradayVendor.POLYGON or ALPACA");
    checkArgument(
        channels != null && !channels.isEmpty(),
        "at least one channel is required: bars, trades or both");
    symbols = List.copyOf(symbols);
    channels = Collections.unmodifiableSet(EnumSet.copyOf(channels));
  }
}

package io.pitlake.job.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.Redaction;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.rest.reader.RestSplitFetcher;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.source.websocket.Outage;
import io.pitlake.source.websocket.ReceivedElement;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.VendorModule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.HttpUrl;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an outage of a websocket feed from the vendor's REST minute bars ({@link
 * IntradayVendor#restMinutes()}): per symbol from its high-water mark to the last minute closed
 * when the feed was back ({@link GapWindow}), each bar turned into the element the websocket would
 * have sent ({@link WsElementReader#fromRestBar}), received at its page's fetch time.
 *
 * <p>It runs beside the feed in Flink's async I/O operator, on a thread of its own, so a slow or
 * rate-limited fill (Polygon's free plan allows five requests a minute) holds back neither the
 * websocket's queue (whose overflow would be another outage) nor the checkpoints; an outage in
 * flight is in the operator's checkpointed state and is filled again after a restore. A fill that
 * fails (a refused key, failure records, the timeout) still records its outage, with the error.
 */
public final class GapFiller extends RichAsyncFunction<ReceivedElement, GapFilled> {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(GapFiller.class);

  /** Ends the split id of a gap-filled element: silver types such rows as path {@code rest}. */
  public static final String SPLIT_SUFFIX = "/gapfill";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final IntradayVendor vendor;
  private final String restBaseUrl;
  private final Credentials credentials;
  private final Configuration options;
  private final List<String> symbols;
  private final Clock clock;

  private transient ExecutorService executor;
  private transient RestSplitFetcher fetcher;
  private transient Counter fills;
  private transient Counter filledBars;

  /**
   * @param restBaseUrl the vendor's REST base URL (real, or the simulator's)
   * @param credentials the feed's key, which the vendor's REST API takes too
   * @param clock stamps each page's fetch time ({@code available_at}) and the fill's end
   */
  public GapFiller(
      IntradayVendor vendor,
      String restBaseUrl,
      Credentials credentials,
      Configuration options,
      List<String> symbols,
      Clock clock) {
    this.vendor = vendor;
    this.restBaseUrl = restBaseUrl;
    this.credentials = credentials;
    this.options = options;
    this.symbols = List.copyOf(symbols);
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, vendor.id() + "-gap-fill");
              thread.setDaemon(true);
              return thread;
            });
    // The vendor's rate, shared (scope process) with its other REST sources in this JVM.
    Configuration rest = new Configuration(options);
    rest.set(
        RestSourceOptions.REQUESTS_PER_SECOND,
        VendorModule.named(vendor.id()).requestsPerSecond(options));
    rest.set(RestSourceOptions.RATE_LIMIT_GROUP, vendor.id());
    var group = getRuntimeContext().getMetricGroup().addGroup("gapfill");
    fetcher =
        RestSplitFetcher.create(
            HttpUrl.get(restBaseUrl),
            vendor.restMinutes().protocol(options),
            credentials,
            rest,
            group,
            clock);
    fills = group.counter("gapFills");
    filledBars = group.counter("filledBars");
  }

  @Override
  public void asyncInvoke(ReceivedElement input, ResultFuture<GapFilled> result) {
    executor.execute(() -> result.complete(List.of(fill(input))));
  }

  /** A fill still running at {@code gap-fill.timeout}: the outage, recorded as not filled. */
  @Override
  public void timeout(ReceivedElement input, ResultFuture<GapFilled> result) {
    result.complete(
        List.of(
            new GapFilled(
                vendor.id(),
                input.outage(),
                symbols,
                List.of(),
                null,
                null,
                0,
                "the gap fill timed out (gap-fill.timeout)",
                clock.instant())));
  }

  private GapFilled fill(ReceivedElement input) {
    Outage outage = input.outage();
    List<GapWindow> windows =
        GapWindow.of(
            outage,
            symbols,
            s -> vendor.channels(List.of(s)),
            options.get(GapFillOptions.REVISION_LOOKBACK));
    WsElementReader reader = vendor.elements();
    List<ReceivedElement> bars = new ArrayList<>();
    Instant from = null;
    Instant until = null;
    int requests = 0;
    List<String> errors = new ArrayList<>();
    for (GapWindow window : windows) {
      from = from == null || window.from().isBefore(from) ? window.from() : from;
      until = until == null || window.until().isAfter(until) ? window.until() : until;
      LocalDate first = window.from().atZone(NyseCalendar.ZONE).toLocalDate();
      LocalDate last = window.until().minusMillis(1).atZone(NyseCalendar.ZONE).toLocalDate();
      for (RestSplit split :
          vendor.restMinutes().splits(List.of(window.symbol()), first, last, options)) {
        requests++;
        try {
          bars.addAll(barsOf(fetcher.read(split), window, outage, reader, errors));
        } catch (Exception e) {
          errors.add(Redaction.redact(String.valueOf(e.getMessage())));
        }
      }
    }
    fills.inc();
    filledBars.inc(bars.size());
    String error = errors.isEmpty() ? null : String.join("; ", errors);
    LOG.info(
        "{} gap fill of {} ({} from {} to {}): {} bars from {} requests{}",
        vendor.id(),
        outage.splitId(),
        outage.cause(),
        outage.start(),
        outage.end(),
        bars.size(),
        requests,
        error == null ? "" : "; " + error);
    return new GapFilled(
        vendor.id(), outage, symbols, bars, from, until, requests, error, clock.instant());
  }

  private static List<ReceivedElement> barsOf(
      Collection<FetchedRecord> records,
      GapWindow window,
      Outage outage,
      WsElementReader reader,
      List<String> errors)
      throws Exception {
    List<ReceivedElement> bars = new ArrayList<>();
    for (FetchedRecord record : records) {
      if (record.isFailure()) {
        errors.add(record.failure() + " (" + record.requestUrl() + ")");
        continue;
      }
      JsonNode element = reader.fromRestBar(JSON.readTree(record.payload()), window.symbol());
      WsElementReader.Read read = reader.read(element);
      if (read.rejected() == null
          && read.windowEnd() != null
          && window.holds(read.eventTime(), read.windowEnd())) {
        bars.add(
            new ReceivedElement(
                outage.splitId() + SPLIT_SUFFIX,
                record.requestUrl(),
                element.toString(),
                record.fetchedAt(),
                null));
      }
    }
    return bars;
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
    if (fetcher != null) {
      fetcher.close();
    }
  }
}

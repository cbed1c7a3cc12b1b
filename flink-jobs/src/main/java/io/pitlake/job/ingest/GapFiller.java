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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javax.annotation.Nullable;
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
 * have sent ({@link WsElementReader#fromRestBar}), received at its page's fetch time. With the
 * trades channel, the same for the vendor's REST trades ({@link IntradayVendor#restTrades}) from
 * the symbol's newest trade to the instant the feed was back: each trade the websocket element
 * {@link WsElementReader#fromRestTrade}, which the job's trade deduplicator keeps only if the
 * websocket did not deliver it.
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
  private final Set<IntradayChannel> channels;
  private final Clock clock;

  private transient ExecutorService executor;

  /** Set when the operator closes: a fill finishing after it has no mailbox to complete into. */
  private transient volatile boolean closed;

  private transient RestSplitFetcher fetcher;
  @Nullable private transient RestSplitFetcher tradesFetcher;
  private transient Counter fills;
  private transient Counter filledBars;
  private transient Counter filledTrades;

  /**
   * @param restBaseUrl the vendor's REST base URL (real, or the simulator's)
   * @param credentials the feed's key, which the vendor's REST API takes too
   * @param channels the feed's channels: a fill fetches the bars and trades it subscribes to
   * @param clock stamps each page's fetch time ({@code available_at}) and the fill's end
   */
  public GapFiller(
      IntradayVendor vendor,
      String restBaseUrl,
      Credentials credentials,
      Configuration options,
      List<String> symbols,
      Set<IntradayChannel> channels,
      Clock clock) {
    this.vendor = vendor;
    this.channels = channels;
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
    HttpUrl base = HttpUrl.get(restBaseUrl);
    fetcher =
        RestSplitFetcher.create(
            base, vendor.restMinutes().protocol(options), credentials, rest, group, clock);
    tradesFetcher =
        channels.contains(IntradayChannel.TRADES)
            ? RestSplitFetcher.create(
                base, vendor.restTrades(options), credentials, rest, group, clock)
            : null;
    fills = group.counter("gapFills");
    filledBars = group.counter("filledBars");
    filledTrades = group.counter("filledTrades");
  }

  @Override
  public void asyncInvoke(ReceivedElement input, ResultFuture<GapFilled> result) {
    executor.execute(
        () -> {
          GapFilled filled = fill(input);
          try {
            result.complete(List.of(filled));
          } catch (RejectedExecutionException e) {
            // The task's mailbox closed while the fill ran (the job was cancelled or is failing
            // over): nobody can take the result, and a restored job fills the gap again from the
            // high-water marks of its checkpoint.
            if (!closed) {
              throw e;
            }
          }
        });
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
                List.of(),
                null,
                null,
                0,
                "the gap fill timed out (gap-fill.timeout)",
                clock.instant())));
  }

  private GapFilled fill(ReceivedElement input) {
    Outage outage = input.outage();
    Fetched bars = new Fetched();
    Fetched trades = new Fetched();
    List<String> errors = new ArrayList<>();
    if (channels.contains(IntradayChannel.BARS)) {
      fetch(outage, IntradayChannel.BARS, bars, errors);
    }
    if (channels.contains(IntradayChannel.TRADES)) {
      fetch(outage, IntradayChannel.TRADES, trades, errors);
    }
    fills.inc();
    filledBars.inc(bars.elements.size());
    filledTrades.inc(trades.elements.size());
    String error = errors.isEmpty() ? null : String.join("; ", errors);
    LOG.info(
        "{} gap fill of {} ({} from {} to {}): {} bars and {} trades from {} requests{}",
        vendor.id(),
        outage.splitId(),
        outage.cause(),
        outage.start(),
        outage.end(),
        bars.elements.size(),
        trades.elements.size(),
        bars.requests + trades.requests,
        error == null ? "" : "; " + error);
    Instant from = earlier(bars.from, trades.from);
    Instant until =
        bars.until == null || (trades.until != null && trades.until.isAfter(bars.until))
            ? trades.until
            : bars.until;
    return new GapFilled(
        vendor.id(),
        outage,
        symbols,
        bars.elements,
        trades.elements,
        from,
        until,
        bars.requests + trades.requests,
        error,
        clock.instant());
  }

  /** What one channel's fill fetched, and the span it asked for. */
  private static final class Fetched {
    final List<ReceivedElement> elements = new ArrayList<>();
    Instant from;
    Instant until;
    int requests;
  }

  /**
   * Fetches {@code channel}'s windows of {@code outage} into {@code into}: bars from the vendor's
   * REST minute bars, over whole closed minutes from the mark less the revision lookback; trades
   * from its REST trades, from the mark less the trades lookback to as far past the outage's end,
   * one request per symbol and day.
   */
  private void fetch(Outage outage, IntradayChannel channel, Fetched into, List<String> errors) {
    boolean bars = channel == IntradayChannel.BARS;
    Duration lookback =
        options.get(bars ? GapFillOptions.REVISION_LOOKBACK : GapFillOptions.TRADES_LOOKBACK);
    List<GapWindow> windows =
        GapWindow.of(
                outage,
                symbols,
                s -> List.of(vendor.markKey(s, channel)),
                lookback,
                bars ? ChronoUnit.MINUTES : ChronoUnit.MILLIS)
            .stream()
            // Trades the vendor sent between taking the subscription and our receipt of its
            // answer are neither streamed nor before the outage's end: reach past it as far.
            .map(w -> bars ? w : new GapWindow(w.symbol(), w.from(), w.until().plus(lookback)))
            .toList();
    WsElementReader reader = vendor.elements();
    for (GapWindow window : windows) {
      into.from = earlier(into.from, window.from());
      into.until =
          into.until == null || window.until().isAfter(into.until) ? window.until() : into.until;
      LocalDate first = window.from().atZone(NyseCalendar.ZONE).toLocalDate();
      LocalDate last = window.until().minusMillis(1).atZone(NyseCalendar.ZONE).toLocalDate();
      List<RestSplit> splits =
          bars
              ? vendor.restMinutes().splits(List.of(window.symbol()), first, last, options)
              : first
                  .datesUntil(last.plusDays(1))
                  .map(day -> RestSplit.of(window.symbol(), day, day))
                  .toList();
      for (RestSplit split : splits) {
        into.requests++;
        try {
          Collection<FetchedRecord> records = (bars ? fetcher : tradesFetcher).read(split);
          into.elements.addAll(elementsOf(records, window, outage, reader, bars, errors));
        } catch (Exception e) {
          errors.add(Redaction.redact(String.valueOf(e.getMessage())));
        }
      }
    }
  }

  @Nullable
  private static Instant earlier(@Nullable Instant a, @Nullable Instant b) {
    return a == null || (b != null && b.isBefore(a)) ? b : a;
  }

  /**
   * The REST records inside {@code window} as the websocket's elements (a bar's whole window, a
   * trade's instant), received at their page's fetch time; failure records become errors.
   */
  private static List<ReceivedElement> elementsOf(
      Collection<FetchedRecord> records,
      GapWindow window,
      Outage outage,
      WsElementReader reader,
      boolean bars,
      List<String> errors)
      throws Exception {
    List<ReceivedElement> elements = new ArrayList<>();
    for (FetchedRecord record : records) {
      if (record.isFailure()) {
        errors.add(record.failure() + " (" + record.requestUrl() + ")");
        continue;
      }
      JsonNode rest = JSON.readTree(record.payload());
      JsonNode element =
          bars
              ? reader.fromRestBar(rest, window.symbol())
              : reader.fromRestTrade(rest, window.symbol());
      WsElementReader.Read read = reader.read(element);
      Instant end = bars ? read.windowEnd() : read.eventTime();
      if (read.rejected() == null && end != null && window.holds(read.eventTime(), end)) {
        elements.add(
            new ReceivedElement(
                outage.splitId() + SPLIT_SUFFIX,
                record.requestUrl(),
                element.toString(),
                record.fetchedAt(),
                null));
      }
    }
    return elements;
  }

  @Override
  public void close() {
    closed = true;
    if (executor != null) {
      executor.shutdownNow();
    }
    if (fetcher != null) {
      fetcher.close();
    }
    if (tradesFetcher != null) {
      tradesFetcher.close();
    }
  }
}

package io.pitlake.source.rest.reader;

import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.Redaction;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.rest.metrics.RestSourceReaderMetrics;
import io.pitlake.source.rest.split.RestSplit;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pages of its splits, one page per {@link #fetch()}, on the fetcher thread.
 *
 * <p>Splits are read one after the other, each to its end, so a backfill moves through the splits
 * in the order the enumerator handed them out. A page becomes one {@link RestElement} per result;
 * the last one carries the cursor of the next page for the emitter to store. The split is finished
 * when the vendor gives no next page (a {@code next_url}, or a token that replaces one query
 * parameter of the URL just requested), or with one failure record when:
 *
 * <ul>
 *   <li>the vendor answers with a client error other than 401, 403 and 429 that the protocol does
 *       not read as "no data" ({@link PageProtocol#noData});
 *   <li>a 2xx page is not JSON or the protocol rejects it, again after {@code
 *       rest.unreadable-page-retries} more attempts (the raw body, capped at {@value
 *       #MAX_STORED_BODY_CHARS} characters, is the record's payload);
 *   <li>the next URL is one already requested for the split, or the split reached {@code
 *       rest.max-pages-per-split} pages: a vendor cursor must never keep a backfill busy forever.
 * </ul>
 *
 * <p>This reader keeps its own read position, ahead of the checkpointed state that only the emitter
 * advances, the way a Kafka consumer's position runs ahead of the emitted offsets.
 */
public class RestSplitReader implements SplitReader<RestElement, RestSplit> {

  /** The most characters of a rejected body kept in a failure record. */
  public static final int MAX_STORED_BODY_CHARS = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(RestSplitReader.class);

  /** How long to wait when every split is paused; the resume wakes the reader up earlier. */
  private static final Duration PAUSED_WAIT = Duration.ofMinutes(1);

  private final HttpUrl baseUrl;
  private final PageProtocol protocol;
  private final PageFetcher fetcher;
  private final Sleeper sleeper;
  private final RestSourceReaderMetrics metrics;
  private final int maxPagesPerSplit;
  private final int unreadablePageRetries;
  private final Duration backoffInitial;
  private final Deque<SplitProgress> splits = new ArrayDeque<>();
  private final Set<String> pausedSplitIds = new HashSet<>();

  RestSplitReader(
      HttpUrl baseUrl,
      PageProtocol protocol,
      RestConnection connection,
      RestSourceReaderMetrics metrics,
      Configuration config,
      Clock clock) {
    this(baseUrl, protocol, connection, metrics, config, new MonitorSleeper(), clock);
  }

  RestSplitReader(
      HttpUrl baseUrl,
      PageProtocol protocol,
      RestConnection connection,
      RestSourceReaderMetrics metrics,
      Configuration config,
      Sleeper sleeper) {
    this(baseUrl, protocol, connection, metrics, config, sleeper, Clock.systemUTC());
  }

  /**
   * @param clock stamps each page's receipt ({@link FetchedRecord#fetchedAt()}): the job's clock
   */
  private RestSplitReader(
      HttpUrl baseUrl,
      PageProtocol protocol,
      RestConnection connection,
      RestSourceReaderMetrics metrics,
      Configuration config,
      Sleeper sleeper,
      Clock clock) {
    this.baseUrl = baseUrl;
    this.protocol = protocol;
    this.sleeper = sleeper;
    this.metrics = metrics;
    this.maxPagesPerSplit = config.get(RestSourceOptions.MAX_PAGES_PER_SPLIT);
    this.unreadablePageRetries = config.get(RestSourceOptions.UNREADABLE_PAGE_RETRIES);
    this.backoffInitial = config.get(RestSourceOptions.BACKOFF_INITIAL);
    this.fetcher = new PageFetcher(protocol, connection, sleeper, metrics, config, clock);
  }

  /**
   * Fetches one page of the first split that is not paused; fetcher thread. Returns nothing when
   * woken up, when interrupted at shutdown, or when every split is paused.
   */
  @Override
  public RecordsWithSplitIds<RestElement> fetch() throws IOException {
    try {
      SplitProgress split = firstActiveSplit();
      if (split == null) {
        if (!splits.isEmpty()) {
          sleeper.sleep(PAUSED_WAIT);
        }
        return nothing();
      }
      if (split.isExhausted()) {
        return finish(split, new RecordsBySplits.Builder<>());
      }
      HttpUrl url = split.nextRequestUrl();
      split.requested.add(url.toString());
      Optional<HttpPage> page = fetcher.fetch(protocol.requestUrl(url));
      if (page.isEmpty()) {
        return nothing();
      }
      metrics.pageFetched();
      RecordsWithSplitIds<RestElement> read = readPage(split, url, page.get());
      if (read == null) {
        // An unreadable page, fetched again after a pause; the split's position is unchanged.
        sleeper.sleep(backoffInitial.multipliedBy(split.unreadableAttempts));
        return nothing();
      }
      return read;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return nothing();
    }
  }

  /** Fetcher thread. */
  @Override
  public void handleSplitsChanges(SplitsChange<RestSplit> splitsChange) {
    if (!(splitsChange instanceof SplitsAddition)) {
      throw new UnsupportedOperationException(
          String.format(
              "The REST source does not support %s", splitsChange.getClass().getSimpleName()));
    }
    for (RestSplit split : splitsChange.splits()) {
      splits.add(new SplitProgress(split));
    }
  }

  /** Fetcher thread; used by watermark alignment. */
  @Override
  public void pauseOrResumeSplits(
      Collection<RestSplit> splitsToPause, Collection<RestSplit> splitsToResume) {
    splitsToPause.forEach(s -> pausedSplitIds.add(s.splitId()));
    splitsToResume.forEach(s -> pausedSplitIds.remove(s.splitId()));
  }

  /** Ends a wait and cancels the request in flight; called from the task thread. */
  @Override
  public void wakeUp() {
    sleeper.wakeUp();
    fetcher.cancelInFlight();
  }

  /** The HTTP client is shared with the next split reader and closed by the source reader. */
  @Override
  public void close() {}

  private RecordsWithSplitIds<RestElement> readPage(
      SplitProgress split, HttpUrl requested, HttpPage page) {
    int pages = split.pagesFetched + 1;
    if (!page.isSuccessful() && protocol.noData(page.status(), page.body())) {
      return endPage(split, new ArrayList<>(0), null, pages);
    }
    if (!page.isSuccessful()) {
      return failPage(split, page, pages, String.format("HTTP %d", page.status()));
    }
    if (!isJson(page.contentType())) {
      return retryOrFail(
          split, page, pages, String.format("Content-Type %s is not JSON", page.contentType()));
    }
    ParsedPage parsed;
    try {
      parsed = protocol.parse(page.body(), requested);
    } catch (MalformedPageException e) {
      return retryOrFail(split, page, pages, e.getMessage());
    }
    split.unreadableAttempts = 0;
    List<FetchedRecord> records = new ArrayList<>(parsed.elements().size() + 1);
    for (String element : parsed.elements()) {
      records.add(record(split, page, element, null));
    }
    metrics.recordsFetched(parsed.elements().size());
    if (!parsed.hasNext()) {
      return endPage(split, records, null, pages);
    }
    HttpUrl next =
        parsed.nextToken() != null
            ? requested
                .newBuilder()
                .setQueryParameter(parsed.nextToken().parameter(), parsed.nextToken().value())
                .build()
            : HttpUrl.parse(parsed.nextUrl());
    if (next == null) {
      String shown = Redaction.redact(parsed.nextUrl());
      records.add(record(split, page, shown, "next_url is not a valid URL: " + shown));
      return endPage(split, records, null, pages);
    }
    String cursor = protocol.authStyle().strip(Cursors.rebase(next, baseUrl)).toString();
    String shown = Redaction.redact(cursor);
    if (split.requested.contains(cursor)) {
      records.add(record(split, page, shown, "cursor repeated: " + shown));
      return endPage(split, records, null, pages);
    }
    if (pages >= maxPagesPerSplit) {
      records.add(
          record(split, page, shown, String.format("page cap %d reached", maxPagesPerSplit)));
      return endPage(split, records, null, pages);
    }
    return endPage(split, records, cursor, pages);
  }

  /**
   * A 2xx page that cannot be read: {@code null} (fetch it again) while retries are left, else a
   * failure record that ends the split.
   */
  @Nullable
  private RecordsWithSplitIds<RestElement> retryOrFail(
      SplitProgress split, HttpPage page, int pages, String reason) {
    if (split.unreadableAttempts < unreadablePageRetries) {
      split.unreadableAttempts++;
      LOG.warn(
          "{}: unreadable page ({}) for {}, fetching it again ({} of {})",
          protocol.name(),
          reason,
          page.requestUrl(),
          split.unreadableAttempts,
          unreadablePageRetries);
      metrics.requestRetried();
      return null;
    }
    split.unreadableAttempts = 0;
    return failPage(split, page, pages, reason);
  }

  private RecordsWithSplitIds<RestElement> failPage(
      SplitProgress split, HttpPage page, int pages, String reason) {
    String body = page.body();
    String payload = body;
    String why = reason;
    if (body.length() > MAX_STORED_BODY_CHARS) {
      payload = body.substring(0, MAX_STORED_BODY_CHARS);
      why =
          String.format(
              "%s (body truncated to %d of %d chars)",
              reason, MAX_STORED_BODY_CHARS, body.length());
    }
    List<FetchedRecord> records = new ArrayList<>(1);
    records.add(record(split, page, payload, why));
    return endPage(split, records, null, pages);
  }

  /**
   * Turns the page's records into elements, the last one carrying the progress; the split ends when
   * there is no next cursor.
   */
  private RecordsWithSplitIds<RestElement> endPage(
      SplitProgress split, List<FetchedRecord> records, @Nullable String nextCursor, int pages) {
    RestElement.PageEnd pageEnd = new RestElement.PageEnd(nextCursor, pages);
    RecordsBySplits.Builder<RestElement> batch = new RecordsBySplits.Builder<>();
    String splitId = split.split.splitId();
    if (records.isEmpty()) {
      batch.add(splitId, new RestElement(null, pageEnd));
    }
    for (int i = 0; i < records.size(); i++) {
      FetchedRecord record = records.get(i);
      if (record.isFailure()) {
        metrics.pageFailed();
        LOG.warn(
            "{}: split {} ends with a failure record: {} ({})",
            protocol.name(),
            splitId,
            Redaction.redact(record.failure()),
            record.requestUrl());
      }
      batch.add(splitId, new RestElement(record, i == records.size() - 1 ? pageEnd : null));
    }
    split.cursorUrl = nextCursor;
    split.pagesFetched = pages;
    return nextCursor == null ? finish(split, batch) : batch.build();
  }

  private RecordsWithSplitIds<RestElement> finish(
      SplitProgress split, RecordsBySplits.Builder<RestElement> batch) {
    splits.remove(split);
    pausedSplitIds.remove(split.split.splitId());
    batch.addFinishedSplit(split.split.splitId());
    LOG.info(
        "{}: split {} finished after {} pages",
        protocol.name(),
        split.split.splitId(),
        split.pagesFetched);
    return batch.build();
  }

  private static FetchedRecord record(
      SplitProgress split, HttpPage page, String payload, @Nullable String failure) {
    return new FetchedRecord(
        split.split.splitId(),
        split.split.key(),
        split.split.from(),
        page.requestUrl(),
        payload,
        page.receivedAt(),
        failure);
  }

  @Nullable
  private SplitProgress firstActiveSplit() {
    for (SplitProgress split : splits) {
      if (!pausedSplitIds.contains(split.split.splitId())) {
        return split;
      }
    }
    return null;
  }

  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return true;
    }
    MediaType type = MediaType.parse(contentType);
    return type != null && type.subtype().contains("json");
  }

  private static RecordsWithSplitIds<RestElement> nothing() {
    return new RecordsBySplits.Builder<RestElement>().build();
  }

  /** The fetcher thread's read position of a split. */
  private final class SplitProgress {
    private final RestSplit split;
    @Nullable private String cursorUrl;
    private int pagesFetched;

    /** How often the current page came back unreadable in a row. */
    private int unreadableAttempts;

    /** URLs requested for the split in this run, without credential: a loop guard. */
    private final Set<String> requested = new HashSet<>();

    private SplitProgress(RestSplit split) {
      this.split = split;
      this.pagesFetched = split.pagesFetched();
      this.cursorUrl =
          split.cursorUrl() == null
              ? null
              : protocol
                  .authStyle()
                  .strip(Cursors.rebase(HttpUrl.get(split.cursorUrl()), baseUrl))
                  .toString();
    }

    private boolean isExhausted() {
      return cursorUrl == null && pagesFetched > 0;
    }

    private HttpUrl nextRequestUrl() {
      return cursorUrl == null ? protocol.firstPage(baseUrl, split) : HttpUrl.get(cursorUrl);
    }
  }
}

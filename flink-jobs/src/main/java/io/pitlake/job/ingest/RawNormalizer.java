package io.pitlake.job.ingest;

import io.pitlake.quarantine.Rejection;
import io.pitlake.source.rest.FetchedRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Fetched elements of one {@link VendorDataset} to observations; a failed page or an element that
 * is not one of the dataset's goes to {@link #REJECTED} with the reason, so nothing is dropped.
 */
public final class RawNormalizer extends ProcessFunction<FetchedRecord, RawObservation> {

  private static final long serialVersionUID = 1L;

  /** Where records that cannot become observations go. */
  public static final OutputTag<Rejection> REJECTED = new OutputTag<>("raw-rejected") {};

  /** Names the accumulators that count the elements fetched per dataset and key. */
  private static final String FETCHED = "pitlake.fetched|";

  private final VendorDataset dataset;
  private final VendorDataset.AvailabilityRules rules;

  /** This subtask's counters, by key; each registered with the job once, when first needed. */
  private transient Map<String, LongCounter> fetchedByKey;

  public RawNormalizer(VendorDataset dataset, VendorDataset.AvailabilityRules rules) {
    this.dataset = dataset;
    this.rules = rules;
  }

  @Override
  public void processElement(FetchedRecord fetched, Context ctx, Collector<RawObservation> out) {
    Instant ingestedAt = fetched.fetchedAt().truncatedTo(ChronoUnit.MILLIS);
    if (fetched.isFailure()) {
      ctx.output(REJECTED, reject(fetched, fetched.failure(), ingestedAt));
      return;
    }
    VendorDataset.Identity identity;
    try {
      identity =
          dataset.identify(
              fetched.payload(), fetched.key(), fetched.splitFrom(), ingestedAt, rules);
    } catch (RuntimeException e) {
      ctx.output(REJECTED, reject(fetched, String.valueOf(e.getMessage()), ingestedAt));
      return;
    }
    countFetched(fetched.key(), identity.key());
    out.collect(
        new RawObservation(
            dataset,
            identity.key(),
            identity.eventTime(),
            truncate(identity.availableAt()),
            ingestedAt,
            0,
            sha256(fetched.payload()),
            fetched.payload(),
            fetched.requestUrl(),
            fetched.splitId()));
  }

  /**
   * Counts a good element under the key it was asked for: its chunk's key, or, where one request
   * names several symbols (Alpaca's bars), the symbol its identity starts with.
   */
  private void countFetched(String chunkKey, String identityKey) {
    String key =
        chunkKey.contains(",") && identityKey.contains("|")
            ? identityKey.substring(0, identityKey.indexOf('|'))
            : chunkKey;
    if (fetchedByKey == null) {
      fetchedByKey = new HashMap<>();
    }
    fetchedByKey
        .computeIfAbsent(
            key,
            k -> {
              LongCounter counter = new LongCounter();
              getRuntimeContext().addAccumulator(FETCHED + dataset.id() + "|" + k, counter);
              return counter;
            })
        .add(1);
  }

  /**
   * The elements a finished job fetched, by {@code dataset|key} ({@code
   * fmp.income_statement|SNOW}), from its accumulators; a key the vendor had nothing for is absent.
   */
  public static Map<String, Long> fetchedByKey(Map<String, Object> accumulators) {
    Map<String, Long> fetched = new HashMap<>();
    accumulators.forEach(
        (name, value) -> {
          if (name.startsWith(FETCHED) && value instanceof Number count) {
            fetched.put(name.substring(FETCHED.length()), count.longValue());
          }
        });
    return fetched;
  }

  private Rejection reject(FetchedRecord fetched, String reason, Instant ingestedAt) {
    return new Rejection(
        dataset.id(),
        Rejection.STAGE_INGEST,
        reason,
        fetched.key(),
        null,
        null,
        ingestedAt,
        ingestedAt,
        fetched.requestUrl(),
        fetched.payload());
  }

  /**
   * pitlake keeps every instant at millisecond precision (DESIGN.md, "Batch = streaming, and the
   * point-in-time properties").
   */
  private static Instant truncate(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * SHA-256 of the payload as delivered. These vendors serve each element from stored documents in
   * a stable field order, so equal text is equal content; a reordered document would become a new
   * version, never a lost one.
   */
  public static String sha256(String payload) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}

package io.pitlake.source.rest;

import io.pitlake.source.rest.enumerator.RestEnumState;
import io.pitlake.source.rest.enumerator.RestEnumStateSerializer;
import io.pitlake.source.rest.enumerator.RestEnumerator;
import io.pitlake.source.rest.reader.RestSourceReader;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.source.rest.split.RestSplitSerializer;
import java.time.Clock;
import java.util.List;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source that reads paged JSON from a vendor's REST API: one split per key and date
 * range, every page of it, each result as one {@link FetchedRecord}.
 *
 * <p>Vendor-neutral: a {@link PageProtocol} builds the first URL and reads pages; this source does
 * paging, retries with backoff, rate limiting, credentials and checkpointing. Bad pages become
 * failure records rather than job failures, so one broken symbol does not stop a backfill; a
 * rejected key and a vendor that stays down do fail the job. Build it with {@link #builder()}.
 *
 * <pre>{@code
 * RestSource source = RestSource.builder()
 *     .setBaseUrl("https://api.massive.com")
 *     .setProtocol(new PolygonAggsProtocol())
 *     .setCredentials(Credentials.fromEnv("POLYGON_API_KEY"))
 *     .setSplits(RestSplit.chunks(tickers, from, to, Period.ofYears(1)))
 *     .setConfiguration(config)
 *     .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "polygon-aggs");
 * }</pre>
 */
public class RestSource
    implements Source<FetchedRecord, RestSplit, RestEnumState>, ResultTypeQueryable<FetchedRecord> {

  private static final long serialVersionUID = 1L;

  private final String baseUrl;
  private final PageProtocol protocol;
  private final Credentials credentials;
  private final List<RestSplit> splits;
  @Nullable private final FollowMode follow;
  private final Configuration configuration;
  private final Clock clock;

  RestSource(
      String baseUrl,
      PageProtocol protocol,
      Credentials credentials,
      List<RestSplit> splits,
      @Nullable FollowMode follow,
      Configuration configuration,
      Clock clock) {
    this.baseUrl = baseUrl;
    this.protocol = protocol;
    this.credentials = credentials;
    this.splits = List.copyOf(splits);
    this.follow = follow;
    this.configuration = configuration;
    this.clock = clock;
  }

  public static RestSourceBuilder builder() {
    return new RestSourceBuilder();
  }

  @Override
  public Boundedness getBoundedness() {
    return follow == null ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SplitEnumerator<RestSplit, RestEnumState> createEnumerator(
      SplitEnumeratorContext<RestSplit> context) {
    return new RestEnumerator(context, new RestEnumState(splits, splits.size()), follow);
  }

  @Override
  public SplitEnumerator<RestSplit, RestEnumState> restoreEnumerator(
      SplitEnumeratorContext<RestSplit> context, RestEnumState checkpoint) {
    return new RestEnumerator(context, checkpoint, follow);
  }

  @Override
  public SourceReader<FetchedRecord, RestSplit> createReader(SourceReaderContext context) {
    return RestSourceReader.create(
        HttpUrl.get(baseUrl), protocol, credentials, configuration, clock, context);
  }

  @Override
  public SimpleVersionedSerializer<RestSplit> getSplitSerializer() {
    return new RestSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<RestEnumState> getEnumeratorCheckpointSerializer() {
    return new RestEnumStateSerializer();
  }

  @Override
  public TypeInformation<FetchedRecord> getProducedType() {
    return TypeInformation.of(FetchedRecord.class);
  }
}

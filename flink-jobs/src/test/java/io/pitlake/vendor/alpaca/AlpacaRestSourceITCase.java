package io.pitlake.vendor.alpaca;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.RestSource;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.testing.Runs;
import io.pitlake.time.NyseCalendar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Alpaca bars through the whole FLIP-27 REST source on a MiniCluster, against the simulator. */
class AlpacaRestSourceITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  private static final String KEY_ID = "PKITCASE";
  private static final String SECRET = "alpaca-itcase-secret-0123456789";
  private static final Instant NOW = Instant.parse("2025-12-01T12:00:00Z");

  @TempDir Path tmp;

  @Test
  @DisplayName("multi-symbol splits read in parallel give every symbol's every session once")
  void readsEveryBarOnce() throws Exception {
    List<String> symbols = List.of("AAPL", "MSFT", "SPLT", "GONE", "BRK.B");
    LocalDate from = LocalDate.of(2024, 8, 1);
    LocalDate to = LocalDate.of(2024, 10, 31);
    Path keyFile = tmp.resolve("alpaca.key");
    Files.writeString(keyFile, KEY_ID + ":" + SECRET + "\n");
    List<RestSplit> splits = AlpacaBarsProtocol.splits(symbols, 2, from, to, Period.ofMonths(1));
    Configuration options = new Configuration();
    options.set(RestSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(10));
    options.set(RestSourceOptions.REQUESTS_PER_SECOND, 200 / 60.0 * 30);

    List<FetchedRecord> records = new ArrayList<>();
    try (AlpacaSimulator vendor =
        AlpacaSimulator.builder()
            .keyPair(KEY_ID, SECRET)
            .requestsPerMinute(6000)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build()
            .start()) {
      RestSource source =
          RestSource.builder()
              .setBaseUrl(vendor.baseUrl())
              .setProtocol(
                  new AlpacaBarsProtocol(
                      AlpacaTimeframe.DAY, AlpacaFeed.SIP, AlpacaAdjustment.RAW, 10))
              .setCredentials(Credentials.fromFile(keyFile))
              .setSplits(splits)
              .setConfiguration(options)
              .build();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      try (CloseableIterator<FetchedRecord> it =
          env.fromSource(source, WatermarkStrategy.noWatermarks(), "alpaca-bars")
              .executeAndCollect()) {
        it.forEachRemaining(records::add);
      }
      assertThat(vendor.requestUrls()).allSatisfy(url -> assertThat(url).doesNotContain(SECRET));
    }

    assertThat(splits).hasSize(9);
    assertThat(records).noneMatch(FetchedRecord::isFailure);
    List<AlpacaBar> bars = records.stream().map(r -> AlpacaBar.parse(r.payload())).toList();
    int sessions = NyseCalendar.instance().sessions(from, to).size();
    int goneSessions = NyseCalendar.instance().sessions(from, LocalDate.of(2024, 9, 30)).size();
    assertThat(bars).hasSize(4 * sessions + goneSessions);
    assertThat(bars.stream().map(b -> b.symbol() + "@" + b.eventTime()).distinct())
        .hasSize(bars.size());
    assertThat(records)
        .allSatisfy(r -> assertThat(r.requestUrl()).doesNotContain(SECRET).doesNotContain(KEY_ID));
    assertThat(
            records.stream().map(FetchedRecord::requestUrl).filter(u -> u.contains("page_token=")))
        .as("pages after the first of a split")
        .isNotEmpty();
  }
}

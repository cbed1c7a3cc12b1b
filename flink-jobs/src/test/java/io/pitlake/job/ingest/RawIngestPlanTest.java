package io.pitlake.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.source.rest.split.RestSplit;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawIngestPlanTest {

  @TempDir Path dir;

  private RawIngestPlan plan(List<VendorDataset> datasets, Map<String, LocalDate> firstDates) {
    return new RawIngestPlan(
        CatalogConfig.embedded(dir),
        datasets,
        List.of("OLDC", "NEWC"),
        List.of(),
        LocalDate.of(2024, 1, 1),
        LocalDate.of(2024, 12, 31),
        Map.of(),
        new Configuration(),
        firstDates);
  }

  @Test
  @DisplayName("ticker details are not asked for before the ticker's first known day")
  void noDetailsBeforeATickerExisted() {
    RawIngestPlan plan =
        plan(
            List.of(VendorDataset.POLYGON_TICKER_DETAILS, VendorDataset.POLYGON_TICKER_EVENTS),
            Map.of("OLDC", LocalDate.of(2000, 1, 3), "NEWC", LocalDate.of(2024, 9, 3)));

    List<RestSplit> details = plan.splitsOf(VendorDataset.POLYGON_TICKER_DETAILS);
    assertThat(details.stream().filter(s -> s.key().equals("OLDC"))).hasSize(12);
    assertThat(details.stream().filter(s -> s.key().equals("NEWC")).map(RestSplit::from))
        .containsExactly(
            LocalDate.of(2024, 9, 30),
            LocalDate.of(2024, 10, 31),
            LocalDate.of(2024, 11, 29),
            LocalDate.of(2024, 12, 31));
    assertThat(plan.splitsOf(VendorDataset.POLYGON_TICKER_EVENTS)).hasSize(2);
  }

  @Test
  @DisplayName("without a known history, or when it starts after the range, every month is asked")
  void everyMonthWithoutAHistory() {
    List<VendorDataset> details = List.of(VendorDataset.POLYGON_TICKER_DETAILS);

    assertThat(plan(details, Map.of()).splitsOf(VendorDataset.POLYGON_TICKER_DETAILS)).hasSize(24);
    assertThat(
            plan(
                    details,
                    Map.of("OLDC", LocalDate.of(2030, 1, 1), "NEWC", LocalDate.of(2030, 1, 1)))
                .splitsOf(VendorDataset.POLYGON_TICKER_DETAILS))
        .hasSize(24);
  }
}

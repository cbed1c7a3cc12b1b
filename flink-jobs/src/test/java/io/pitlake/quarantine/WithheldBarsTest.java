package io.pitlake.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.table.PitlakeTables;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WithheldBarsTest {

  private static final LocalDate DAY = LocalDate.parse("2024-06-10");

  @Test
  @DisplayName("a version is withheld while its newest dq row is a withholding, not a release")
  void theNewestRowOfAVersionDecides() {
    List<Record> rows =
        List.of(
            row(WithheldBars.STAGE, "SPLT", "{\"c\":10}", "2024-06-14T00:00:00Z"),
            row(WithheldBars.RELEASE_STAGE, "SPLT", "{\"c\":10}", "2024-06-15T00:00:00Z"),
            row(WithheldBars.STAGE, "AAPL", "{\"c\":1}", "2024-06-14T00:00:00Z"),
            row(WithheldBars.RELEASE_STAGE, "MSFT", "{\"c\":2}", "2024-06-15T00:00:00Z"),
            row(WithheldBars.STAGE, "MSFT", "{\"c\":2}", "2024-06-16T00:00:00Z"));

    assertThat(WithheldBars.open(rows))
        .containsExactlyInAnyOrder(
            WithheldBars.key("AAPL", DAY, "{\"c\":1}"), WithheldBars.key("MSFT", DAY, "{\"c\":2}"));
  }

  @Test
  @DisplayName("another payload of the same bar is another version, withheld or not on its own")
  void eachPayloadIsAVersionOfItsOwn() {
    List<Record> rows = List.of(row(WithheldBars.STAGE, "SPLT", "{\"c\":10}", "2024-06-14T00:00Z"));

    assertThat(WithheldBars.open(rows))
        .containsExactly(WithheldBars.key("SPLT", DAY, "{\"c\":10}"))
        .doesNotContain(WithheldBars.key("SPLT", DAY, "{\"c\":2.5}"));
    assertThat(WithheldBars.symbol(WithheldBars.key("SPLT", DAY, "{\"c\":10}"))).isEqualTo("SPLT");
  }

  @Test
  @DisplayName("a day is withheld, every bar of it, when a daily bar version of it is")
  void aWithheldVersionWithholdsItsDay() {
    WithheldBarFunction function =
        new WithheldBarFunction(null, Set.of(WithheldBars.key("SPLT", DAY, "{\"c\":10|2}")));
    function.open(null);

    assertThat(function.eval("SPLT", DAY)).isTrue();
    assertThat(function.eval("SPLT", DAY.plusDays(1))).isFalse();
    assertThat(function.eval("SPL", DAY)).isFalse();
    assertThat(function.eval(null, DAY)).isFalse();
    assertThat(function.eval("SPLT", DAY, "{\"c\":10|2}")).isTrue();
    assertThat(function.eval("SPLT", DAY, "{\"c\":2.5}")).isFalse();
  }

  @Test
  @DisplayName("only an audit that judges daily bars builds them all: any other job withholds")
  void anAuditThatJudgesNoDailyBarWithholdsWhatIsWithheld() {
    assertThat(WithheldBars.leftOutOn("audit", List.of("silver.quarantine", "silver.bars_daily")))
        .isEmpty();
    assertThat(WithheldBars.leftOutOn("audit", List.of("silver.minute_bars"))).isNull();
    assertThat(WithheldBars.leftOutOn(null, List.of("silver.bars_daily"))).isNull();
  }

  private static Record row(String stage, String symbol, String payload, String at) {
    Record r = GenericRecord.create(PitlakeTables.SILVER_QUARANTINE.schema());
    r.setField("stage", stage);
    r.setField("symbol", symbol);
    r.setField("session_date", DAY);
    r.setField("payload", payload);
    r.setField("ingested_at", OffsetDateTime.parse(at));
    return r;
  }
}

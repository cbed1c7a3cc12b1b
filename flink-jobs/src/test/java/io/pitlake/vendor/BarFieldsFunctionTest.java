package io.pitlake.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class BarFieldsFunctionTest {

  @Test
  void readsEveryPriceFieldOfAnAlpacaBarWhateverTheOrder() {
    Row row =
        fields(
            "{\"S\":\"AAPL\",\"t\":\"2022-02-01T05:00:00Z\",\"o\":174,\"h\":174.84,\"l\":172.31,"
                + "\"c\":174.61,\"v\":85998033,\"n\":732412,\"vw\":173.703516}");

    assertThat(row)
        .isEqualTo(Row.of(174.0, 174.84, 172.31, 174.61, 85998033.0, 173.703516, 732412L));
  }

  @Test
  void aMissingOrNonNumericFieldIsNullAndTheOthersStay() {
    Row row = fields("{\"o\":\"1.5\",\"h\":2,\"l\":{\"x\":1},\"c\":[1],\"t\":1,\"otc\":true}");

    assertThat(row).isEqualTo(Row.of(null, 2.0, null, null, null, null, null));
  }

  @Test
  void aPayloadThatIsNotAnObjectGivesARowOfNulls() {
    Row nulls = Row.of(null, null, null, null, null, null, null);

    assertThat(fields("<html>oops</html>")).isEqualTo(nulls);
    assertThat(fields("{\"o\":1,\"h\":")).isEqualTo(nulls);
    assertThat(fields(null)).isEqualTo(nulls);
  }

  private static Row fields(String payload) {
    List<Row> rows = new ArrayList<>();
    BarFieldsFunction function = new BarFieldsFunction();
    function.setCollector(
        new Collector<>() {
          @Override
          public void collect(Row row) {
            rows.add(row);
          }

          @Override
          public void close() {}
        });
    function.eval(payload);
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}

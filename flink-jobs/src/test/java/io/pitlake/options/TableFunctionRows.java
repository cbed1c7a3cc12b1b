package io.pitlake.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/** Calls a table function outside Flink and returns the one row it must emit for each call. */
final class TableFunctionRows {

  private TableFunctionRows() {}

  static <F extends TableFunction<Row>> Row oneRow(F function, Consumer<F> call) {
    List<Row> rows = new ArrayList<>();
    function.setCollector(
        new Collector<>() {
          @Override
          public void collect(Row row) {
            rows.add(row);
          }

          @Override
          public void close() {}
        });
    call.accept(function);
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}

package io.pitlake.export;

import java.time.LocalDate;
import java.util.List;

/**
 * One exported symbol × session: the values of {@link ExportRequest#columns()} in order, NaN where
 * the lake has none (a feature not yet computable, a bar without vwap).
 */
public record PanelRow(String symbol, LocalDate session, List<Double> values) {

  public PanelRow {
    values = List.copyOf(values);
  }
}

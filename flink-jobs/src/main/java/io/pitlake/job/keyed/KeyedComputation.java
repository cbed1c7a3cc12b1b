package io.pitlake.job.keyed;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.Row;

/**
 * One table's rows, computed per key from every input row of that key at once. A pure function:
 * given the same rows in any order it gives the same rows, so a batch build and a bounded streaming
 * build agree, and its output is insert-only because each key is computed exactly once, after its
 * whole input arrived ({@link KeyedTableEngine}).
 */
public interface KeyedComputation extends Serializable {

  /**
   * Reads the job's settings before the first {@link #compute}, from the global job parameters that
   * pitlake's SQL functions read too ({@code SqlEnvironments}), so one SQL file serves every
   * setting. Nothing by default.
   */
  default void open(Map<String, String> jobParameters) {}

  /** The output's columns, named, in the order the view that carries them has them. */
  TypeInformation<Row> outputType();

  /**
   * Every output row of one key.
   *
   * @param inputs the key's input rows in no particular order; fields are read by name
   */
  void compute(List<Row> inputs, Consumer<Row> out);
}

package io.pitlake.job.ingest;

import java.io.IOException;
import java.io.Serializable;

/**
 * What the lake already holds for the keys of a run: the committed table is the versioner's memory,
 * so a re-run, a restart or a second backfill never stores the same content twice.
 */
@FunctionalInterface
public interface ObservationHistory extends Serializable {

  /** Receives each stored observation once. */
  @FunctionalInterface
  interface Visitor {
    void visit(String observationKey, String payloadHash, int version);
  }

  /** Reads the stored observations; called once per parallel versioner when it opens. */
  void forEach(Visitor visitor) throws IOException;

  static ObservationHistory empty() {
    return visitor -> {};
  }
}

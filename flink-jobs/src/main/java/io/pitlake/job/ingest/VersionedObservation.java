package io.pitlake.job.ingest;

import java.time.Instant;

/**
 * A vendor observation that pitlake stores once per distinct content and numbers in the order it
 * first saw each content: the contract {@link ObservationVersioner} needs from a vendor's type.
 *
 * @param <T> the concrete observation type
 */
public interface VersionedObservation<T extends VersionedObservation<T>> {

  /** The vendor's key of the thing observed, e.g. ticker and bar start. */
  String observationKey();

  /** Hash of the canonical payload: equal content, equal hash. */
  String payloadHash();

  /** When the first version of this thing became knowable by the vendor's availability rule. */
  Instant ruleAvailableAt();

  /** When this version became knowable: the instant its row carries, and its watermark's time. */
  Instant availableAt();

  /** When pitlake fetched this content. */
  Instant ingestedAt();

  /** This observation stamped with its version and its availability. */
  T withVersion(int version, Instant availableAt);
}

package io.pitlake.job.ingest;

import java.time.Instant;
import javax.annotation.Nullable;

/**
 * One element of a vendor dataset as bronze keeps it: the payload as delivered, the dataset's key
 * of the thing it describes, and the three times.
 *
 * @param dataset the dataset, e.g. {@code sec.companyfacts}
 * @param observationKey the dataset's key of the thing observed ({@link VendorDataset#identify})
 * @param eventTime the instant or start the element describes, where the dataset has one
 * @param availableAt the dataset's availability rule; after {@link #withVersion} the version's own
 * @param payloadHash SHA-256 of the payload: equal content, equal hash
 */
public record RawObservation(
    VendorDataset dataset,
    String observationKey,
    @Nullable Instant eventTime,
    Instant availableAt,
    Instant ingestedAt,
    int version,
    String payloadHash,
    String payload,
    String requestUrl,
    String splitId)
    implements VersionedObservation<RawObservation> {

  @Override
  public Instant ruleAvailableAt() {
    return availableAt;
  }

  @Override
  public RawObservation withVersion(int newVersion, Instant newAvailableAt) {
    return new RawObservation(
        dataset,
        observationKey,
        eventTime,
        newAvailableAt,
        ingestedAt,
        newVersion,
        payloadHash,
        payload,
        requestUrl,
        splitId);
  }
}

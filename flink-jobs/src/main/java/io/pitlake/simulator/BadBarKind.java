package io.pitlake.simulator;

/** How a {@link BadBar} is broken; each kind is one rule the quarantine downstream must catch. */
public enum BadBarKind {
  /** The {@code c} key is absent. */
  MISSING_CLOSE,
  /** {@code l} is 0 and {@code o} is negative. */
  NON_POSITIVE_PRICE,
  /** {@code h} and {@code l} are swapped, so the high is below the low. */
  HIGH_BELOW_LOW,
  /** {@code c} is above {@code h}. */
  CLOSE_OUTSIDE_RANGE,
  /** An extra, otherwise valid bar on a date the exchange was closed. */
  CLOSED_DAY
}

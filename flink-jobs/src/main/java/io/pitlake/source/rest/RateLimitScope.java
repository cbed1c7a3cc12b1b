package io.pitlake.source.rest;

/**
 * Who shares a vendor's request rate ({@link RestSourceOptions#RATE_LIMIT_SCOPE}). A vendor limits
 * a key or a user, not a reader: the readers of every source that calls it must together stay under
 * {@code rest.requests-per-second}.
 */
public enum RateLimitScope {
  /**
   * Each reader gets the rate divided by its source's parallelism. Safe on any cluster, but a
   * reader's share is lost while it idles, and a batch job that runs one source after another
   * (fewer slots than readers) uses a fraction of the rate.
   */
  READER,

  /**
   * One token bucket per {@link RestSourceOptions#RATE_LIMIT_GROUP} in each JVM, shared by every
   * reader of every source in it at the full rate. Exact when all readers run in one JVM (the
   * embedded cluster, a single task manager); with several task managers each would send the full
   * rate.
   */
  PROCESS
}

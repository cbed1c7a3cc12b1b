package io.pitlake.source.rest.reader;

import io.pitlake.source.rest.FetchedRecord;
import javax.annotation.Nullable;

/**
 * What the split reader hands to the {@link RestRecordEmitter}: a record to emit, and on the last
 * element of a page the progress to store once it is emitted.
 *
 * <p>The source's output type stays {@link FetchedRecord}; the progress travels alongside so that
 * only the emitter, on the task thread, advances the checkpointed split state. A page without
 * records still yields one element without a record, so its progress is not lost.
 *
 * @param record the record to emit, or {@code null} for the progress marker of an empty page
 * @param pageEnd the progress after this page, set only on the page's last element
 */
public record RestElement(@Nullable FetchedRecord record, @Nullable PageEnd pageEnd) {

  /**
   * Progress after a fully emitted page.
   *
   * @param nextCursorUrl the next page to fetch, {@code null} if this was the split's last page
   * @param pagesFetched pages of the split fetched so far, including this one
   */
  public record PageEnd(@Nullable String nextCursorUrl, int pagesFetched) {}
}

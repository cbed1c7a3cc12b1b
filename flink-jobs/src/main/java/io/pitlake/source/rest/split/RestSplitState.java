package io.pitlake.source.rest.split;

import javax.annotation.Nullable;

/**
 * The mutable progress of a {@link RestSplit} inside a reader.
 *
 * <p>Only the record emitter advances it, on the task thread, after it emitted the last element of
 * a page: so a checkpoint (also taken on the task thread) always holds the cursor of a page whose
 * predecessors were fully emitted. A page that was partly emitted when the checkpoint was taken is
 * fetched and emitted again after a restore (at-least-once per page; rows carry their own keys).
 */
public final class RestSplitState {

  private final RestSplit split;
  @Nullable private String cursorUrl;
  private int pagesFetched;

  public RestSplitState(RestSplit split) {
    this.split = split;
    this.cursorUrl = split.cursorUrl();
    this.pagesFetched = split.pagesFetched();
  }

  /** Records that a page was fully emitted; {@code nextCursorUrl == null} means it was the last. */
  public void pageEmitted(@Nullable String nextCursorUrl, int pagesFetchedSoFar) {
    this.cursorUrl = nextCursorUrl;
    this.pagesFetched = pagesFetchedSoFar;
  }

  public RestSplit toSplit() {
    return new RestSplit(
        split.splitId(), split.key(), split.from(), split.to(), cursorUrl, pagesFetched);
  }
}

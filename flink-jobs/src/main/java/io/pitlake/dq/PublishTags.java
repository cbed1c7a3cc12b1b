package io.pitlake.dq;

import io.pitlake.tag.LakeTags;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Retention of the tags publishes make ({@link DqOptions#PUBLISH_TAGS_RETAIN}): each publish tags
 * every table, and a tag keeps its snapshots from expiry, so without a bound a daily audited update
 * would pin every snapshot it ever published. Only tags named as a publish names them ({@code
 * publish-} and an audit id) are removed; a user's tags are kept whatever their name.
 */
final class PublishTags {

  /** {@code publish-yyyyMMdd-HHmmss-SSS}: the audit id sorts as the time it began. */
  private static final Pattern PUBLISH = Pattern.compile("publish-\\d{8}-\\d{6}-\\d{3}");

  private PublishTags() {}

  /** The publish tags among {@code tags} beyond the newest {@code retain}, oldest first. */
  static List<String> expired(Collection<String> tags, int retain) {
    if (retain < 1) {
      throw new IllegalArgumentException(
          String.format(
              "%s is %d: it must be 1 or more (the publish just made keeps its tag)",
              DqOptions.PUBLISH_TAGS_RETAIN.key(), retain));
    }
    List<String> publishes =
        tags.stream().filter(t -> PUBLISH.matcher(t).matches()).sorted().distinct().toList();
    return publishes.subList(0, Math.max(0, publishes.size() - retain));
  }

  /** Removes from every table the publish tags beyond the newest {@code retain}. */
  static void expire(
      Catalog catalog, List<TableIdentifier> tables, int retain, Consumer<String> events) {
    TreeSet<String> tags = new TreeSet<>();
    for (TableIdentifier id : tables) {
      for (Map.Entry<String, SnapshotRef> ref : catalog.loadTable(id).refs().entrySet()) {
        if (ref.getValue().isTag()) {
          tags.add(ref.getKey());
        }
      }
    }
    List<String> expired = expired(tags, retain);
    for (String tag : expired) {
      LakeTags.delete(catalog, tables, tag);
    }
    if (!expired.isEmpty()) {
      events.accept(
          String.format(
              "[audit] removed %d older publish tag(s) (%s..%s): %s keeps the newest %d",
              expired.size(),
              expired.get(0),
              expired.get(expired.size() - 1),
              DqOptions.PUBLISH_TAGS_RETAIN.key(),
              retain));
    }
  }
}

package io.pitlake.report;

import java.util.Locale;
import java.util.Map;

/**
 * The lag {@code available_at − event_time} per dataset as one inline SVG: a row per table, a bar
 * per {@link LagBucket} scaled to the table's largest bucket, the share of its rows written on it.
 * Each bar carries its table, bucket and count as {@code data-*} attributes.
 */
final class LagHistograms {

  static final int LABEL_WIDTH = 240;
  static final int BUCKET_WIDTH = 84;
  static final int ROW_HEIGHT = 34;
  static final int AXIS_HEIGHT = 18;

  private LagHistograms() {}

  /** The SVG of {@code tables} (name → bucket → rows); tables without dated rows are left out. */
  static String svg(Map<String, Map<LagBucket, Long>> tables) {
    int width = LABEL_WIDTH + BUCKET_WIDTH * LagBucket.values().length;
    int height = AXIS_HEIGHT + ROW_HEIGHT * tables.size();
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" data-chart=\"lag\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">%n",
            width,
            height,
            width,
            height));
    for (LagBucket bucket : LagBucket.values()) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"12\" class=\"axis\">%s</text>%n",
              LABEL_WIDTH + bucket.ordinal() * BUCKET_WIDTH,
              Html.escape(bucket.label())));
    }
    int row = 0;
    for (var table : tables.entrySet()) {
      long max = table.getValue().values().stream().mapToLong(Long::longValue).max().orElse(0);
      long total = table.getValue().values().stream().mapToLong(Long::longValue).sum();
      int top = AXIS_HEIGHT + row * ROW_HEIGHT;
      svg.append(
          String.format(
              Locale.ROOT,
              "<g data-table=\"%s\"><text x=\"0\" y=\"%d\" class=\"label\">%s</text>%n",
              Html.escape(table.getKey()),
              top + ROW_HEIGHT - 12,
              Html.escape(table.getKey())));
      for (var bucket : table.getValue().entrySet()) {
        long rows = bucket.getValue();
        double barHeight = Math.max(1.0, (ROW_HEIGHT - 16) * (double) rows / max);
        int x = LABEL_WIDTH + bucket.getKey().ordinal() * BUCKET_WIDTH;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" class=\"bar\""
                    + " data-bucket=\"%s\" data-rows=\"%d\"><title>%s %s: %,d</title></rect>"
                    + "<text x=\"%d\" y=\"%d\" class=\"share\">%.0f%%</text>%n",
                x,
                top + ROW_HEIGHT - 14 - barHeight,
                BUCKET_WIDTH - 30,
                barHeight,
                bucket.getKey().name(),
                rows,
                Html.escape(table.getKey()),
                Html.escape(bucket.getKey().label()),
                rows,
                x + BUCKET_WIDTH - 28,
                top + ROW_HEIGHT - 14,
                100.0 * rows / total));
      }
      svg.append("</g>\n");
      row++;
    }
    return svg.append("</svg>\n").toString();
  }
}

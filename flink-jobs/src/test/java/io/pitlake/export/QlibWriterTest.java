package io.pitlake.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QlibWriterTest {

  @TempDir Path dir;

  @Test
  @DisplayName(
      "a symbol's file starts at its first session's calendar index and holds NaN for a session"
          + " without a bar")
  void gapsAreNaNAndStartsAreCalendarIndexes() throws IOException {
    // 2024-07-03 is an early close, 07-04 a holiday: the calendar skips it.
    try (QlibWriter writer = new QlibWriter(dir, List.of("close", "factor"))) {
      writer.write(new PanelRow("AAA", LocalDate.of(2024, 7, 1), List.of(1.5, 1.0)));
      writer.write(new PanelRow("AAA", LocalDate.of(2024, 7, 2), List.of(2.5, 1.0)));
      writer.write(new PanelRow("BBB", LocalDate.of(2024, 7, 2), List.of(10.0, 0.5)));
      writer.write(new PanelRow("BBB", LocalDate.of(2024, 7, 5), List.of(Double.NaN, 0.5)));
      writer.write(new PanelRow("CON", LocalDate.of(2024, 7, 3), List.of(7.0, 1.0)));
    }
    assertThat(Files.readAllLines(dir.resolve("calendars/day.txt")))
        .containsExactly("2024-07-01", "2024-07-02", "2024-07-03", "2024-07-05");
    assertThat(Files.readAllLines(dir.resolve("instruments/all.txt")))
        .containsExactly(
            "AAA\t2024-07-01\t2024-07-02",
            "BBB\t2024-07-02\t2024-07-05",
            "CON\t2024-07-03\t2024-07-03");
    assertThat(floats(dir.resolve("features/aaa/close.day.bin"))).containsExactly(0f, 1.5f, 2.5f);
    assertThat(floats(dir.resolve("features/bbb/close.day.bin")))
        .containsExactly(1f, 10f, Float.NaN, Float.NaN);
    assertThat(floats(dir.resolve("features/bbb/factor.day.bin")))
        .containsExactly(1f, 0.5f, Float.NaN, 0.5f);
    assertThat(floats(dir.resolve("features/_qlib_con/close.day.bin"))).containsExactly(2f, 7f);
  }

  @Test
  @DisplayName("Windows device names get Qlib's _qlib_ prefix, every name is lower case")
  void fileNamesFollowQlib() {
    assertThat(QlibWriter.fileName("AAPL")).isEqualTo("aapl");
    assertThat(QlibWriter.fileName("BRK.B")).isEqualTo("brk.b");
    assertThat(QlibWriter.fileName("PRN")).isEqualTo("_qlib_prn");
    assertThat(QlibWriter.fileName("COM1")).isEqualTo("_qlib_com1");
    assertThat(QlibWriter.fileName("LPT9")).isEqualTo("_qlib_lpt9");
    assertThat(QlibWriter.fileName("COMM")).isEqualTo("comm");
  }

  @Test
  @DisplayName("a bar on a day the exchange was closed is refused, naming the symbol and day")
  void aBarOnAClosedDayIsRefused() {
    QlibWriter writer = new QlibWriter(dir, List.of("close"));
    assertThatThrownBy(
            () -> writer.write(new PanelRow("AAA", LocalDate.of(2024, 7, 4), List.of(1.0))))
        .hasMessageContaining("AAA has a bar on 2024-07-04, which is no NYSE session");
  }

  private static float[] floats(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(values);
    return values;
  }
}

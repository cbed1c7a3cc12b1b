package io.pitlake.options.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RiskFreeCurveTest {

  private static final LocalDate JAN_2 = LocalDate.of(2024, 1, 2);
  private static final LocalDate JAN_3 = LocalDate.of(2024, 1, 3);

  @TempDir Path dir;

  private Path write(String... lines) throws IOException {
    return Files.write(dir.resolve("rates.csv"), List.of(lines));
  }

  @Test
  @DisplayName(
      "rates interpolate linearly in tenor, flat beyond the ends, newest date on or before")
  void interpolation() throws IOException {
    Path file =
        write(
            "date,tenor_days,rate",
            "2024-01-02,30,0.050",
            "2024-01-02,90,0.054",
            "",
            "2024-01-02,365,0.048",
            "2024-01-05,30,0.040");
    Configuration config = new Configuration();
    config.set(PricingOptions.RISK_FREE_CURVE, file.toString());
    RiskFreeCurve curve = RiskFreeCurve.fromConfig(config);

    assertThat(curve.rate(JAN_2, 60)).isCloseTo(0.052, within(1e-15));
    assertThat(curve.rate(JAN_2, 90)).isCloseTo(0.054, within(1e-15));
    assertThat(curve.rate(JAN_2, 1)).as("flat before the shortest tenor").isEqualTo(0.050);
    assertThat(curve.rate(JAN_2, 730)).as("flat after the longest tenor").isEqualTo(0.048);
    assertThat(curve.rate(JAN_3, 60))
        .as("Jan 3 still knows only Jan 2's curve")
        .isCloseTo(0.052, within(1e-15));
    assertThat(curve.rate(LocalDate.of(2024, 1, 5), 60)).isEqualTo(0.040);
    assertThatThrownBy(() -> curve.rate(LocalDate.of(2024, 1, 1), 30))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("add rows dated on or before 2024-01-01");
  }

  @Test
  @DisplayName("the constant rate is the default and refuses to be set with a curve")
  void constantFromConfig() throws IOException {
    assertThat(RiskFreeCurve.fromConfig(new Configuration()).rate(JAN_2, 30)).isZero();
    Configuration config = new Configuration();
    config.set(PricingOptions.RISK_FREE_RATE, 0.043);
    assertThat(RiskFreeCurve.fromConfig(config).rate(JAN_2, 30)).isEqualTo(0.043);
    config.set(
        PricingOptions.RISK_FREE_CURVE,
        write("date,tenor_days,rate", "2024-01-02,30,0.05").toString());
    assertThatThrownBy(() -> RiskFreeCurve.fromConfig(config))
        .hasMessageContaining("both options.risk-free-curve and options.risk-free-rate are set");
  }

  @Test
  @DisplayName("CSV errors name the file, the line and the fix")
  void parseErrors() throws IOException {
    assertError(
        "file:1: the first line must be the header date,tenor_days,rate", "date,tenor,rate");
    assertError(
        "file:3: expected 3 fields", "date,tenor_days,rate", "2024-01-02,30,0.05", "2024-01-03,30");
    assertError(
        "file:2: date '01/02/2024' is not an ISO date; write it as 2024-01-02",
        "date,tenor_days,rate",
        "01/02/2024,30,0.05");
    assertError(
        "file:2: tenor_days '1M' is not a whole number",
        "date,tenor_days,rate",
        "2024-01-02,1M,0.05");
    assertError(
        "file:2: tenor_days 0 must be positive", "date,tenor_days,rate", "2024-01-02,0,0.05");
    assertError(
        "file:2: rate '5.2%' is not a number; write 5.2% as 0.052",
        "date,tenor_days,rate", "2024-01-02,30,5.2%");
    assertError(
        "file:2: rate 5.2 is not a decimal per year", "date,tenor_days,rate", "2024-01-02,30,5.2");
    assertError(
        "file:3: a second rate for 2024-01-02 at 30 days",
        "date,tenor_days,rate",
        "2024-01-02,30,0.05",
        "2024-01-02,30,0.06");
    assertError("file:1: no rates after the header", "date,tenor_days,rate");
    assertThatThrownBy(() -> CsvRateCurve.read(dir.resolve("missing.csv")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing.csv")
        .hasMessageContaining("fix the path in options.risk-free-curve");
  }

  @Test
  @DisplayName("a curve survives Java serialization, as a Flink function field must")
  void serializable() throws Exception {
    RiskFreeCurve curve =
        CsvRateCurve.parse(
            "file", List.of("date,tenor_days,rate", "2024-01-02,30,0.05", "2024-01-02,60,0.07"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(curve);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(((RiskFreeCurve) in.readObject()).rate(JAN_2, 45)).isCloseTo(0.06, within(1e-15));
    }
  }

  private static void assertError(String message, String... lines) {
    assertThatThrownBy(() -> CsvRateCurve.parse("file", List.of(lines)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}

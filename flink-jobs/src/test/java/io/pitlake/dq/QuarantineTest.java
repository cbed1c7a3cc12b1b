package io.pitlake.dq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QuarantineTest {

  private static final Finding GAP =
      new Finding(Gate.SESSION_COVERAGE, "AAPL", LocalDate.parse("2024-06-11"), "1 session");
  private static final Finding JUMP =
      new Finding(Gate.UNEXPLAINED_JUMP, "AAPL", LocalDate.parse("2024-06-12"), "-75%");
  private static final Finding STALE =
      new Finding(Gate.STALE_CLOSE, "MSFT", LocalDate.parse("2024-06-10"), "unchanged");

  @Test
  @DisplayName("a symbol is withheld from its earliest finding of a gate set to quarantine")
  void theEarliestQuarantiningFindingOfASymbolDecides() {
    Configuration options = new Configuration();
    options.set(Gate.SESSION_COVERAGE.severity(), Severity.QUARANTINE);
    options.set(Gate.UNEXPLAINED_JUMP.severity(), Severity.QUARANTINE);

    var from = Quarantine.from(List.of(JUMP, GAP, STALE), options);

    assertThat(from).containsOnlyKeys("AAPL");
    assertThat(from.get("AAPL").day()).isEqualTo(GAP.sessionDate());
    assertThat(from.get("AAPL").finding()).isEqualTo(GAP);
  }

  @Test
  @DisplayName("findings of gates that block or warn withhold nothing")
  void blockingAndWarningGatesWithholdNothing() {
    Configuration options = new Configuration();
    options.set(Gate.UNEXPLAINED_JUMP.severity(), Severity.QUARANTINE);

    assertThat(Quarantine.from(List.of(GAP, STALE), options)).isEmpty();
    assertThat(Quarantine.from(List.of(JUMP, GAP), options).get("AAPL").day())
        .isEqualTo(JUMP.sessionDate());
  }
}

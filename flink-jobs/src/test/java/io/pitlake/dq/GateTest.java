package io.pitlake.dq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GateTest {

  @Test
  void everySqlGateShipsItsFileAndEveryGateHasASeverityOption() {
    for (Gate gate : Gate.values()) {
      assertThat(gate.severity().key()).isEqualTo("dq." + gate.id() + ".severity");
      assertThat(gate.severity().description().toString()).isNotBlank();
      if (gate.file() != null) {
        assertThat(Gate.class.getClassLoader().getResource("sql/" + gate.file()))
            .as(gate.file())
            .isNotNull();
      }
    }
  }

  @Test
  void blockingIsTheDefaultWhereAFindingMeansWrongRows() {
    assertThat(Gate.SESSION_COVERAGE.severity().defaultValue()).isEqualTo(Severity.BLOCK);
    assertThat(Gate.UNEXPLAINED_JUMP.severity().defaultValue()).isEqualTo(Severity.BLOCK);
    assertThat(Gate.STALE_CLOSE.severity().defaultValue()).isEqualTo(Severity.WARN);
  }
}

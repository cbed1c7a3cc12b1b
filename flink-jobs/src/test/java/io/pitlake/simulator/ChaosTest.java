package io.pitlake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ChaosTest {

  @Test
  void drawsEachFaultAtItsRate() {
    Chaos chaos = new Chaos(0.1, 0.05, 0.02, 0.03, 0.2, 0.04, 0.06, Duration.ofMillis(1), 1);
    Map<Chaos.Fault, Integer> counts = new EnumMap<>(Chaos.Fault.class);
    Random random = new Random(7);
    int draws = 200_000;
    for (int i = 0; i < draws; i++) {
      counts.merge(chaos.draw(random), 1, Integer::sum);
    }
    assertThat(counts.get(Chaos.Fault.TOO_MANY_REQUESTS) / (double) draws).isCloseTo(0.1, within());
    assertThat(counts.get(Chaos.Fault.SERVER_ERROR) / (double) draws).isCloseTo(0.05, within());
    assertThat(counts.get(Chaos.Fault.SLOW) / (double) draws).isCloseTo(0.02, within());
    assertThat(counts.get(Chaos.Fault.TRUNCATED) / (double) draws).isCloseTo(0.03, within());
    assertThat(counts.get(Chaos.Fault.DROPPED) / (double) draws).isCloseTo(0.2, within());
    assertThat(counts.get(Chaos.Fault.HTML_ERROR_PAGE) / (double) draws).isCloseTo(0.04, within());
    assertThat(counts.get(Chaos.Fault.MALFORMED_JSON) / (double) draws).isCloseTo(0.06, within());
    assertThat(counts.get(Chaos.Fault.NONE) / (double) draws).isCloseTo(0.5, within());
  }

  @Test
  void noChaosNeverFaults() {
    Random random = new Random(3);
    for (int i = 0; i < 10_000; i++) {
      assertThat(Chaos.none().draw(random)).isEqualTo(Chaos.Fault.NONE);
    }
  }

  @Test
  void ratesMustBeFractionsThatFitInOne() {
    assertThatThrownBy(() -> new Chaos(1.5, 0, 0, 0, 0, 0, 0, Duration.ZERO, 0))
        .hasMessageContaining("1.5")
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> Chaos.evenly(1.2, 0)).hasMessageContaining("more than 1");
    assertThat(Chaos.evenly(0.7, 0).htmlErrorPage()).isCloseTo(0.1, Offset.offset(1e-12));
    assertThat(Chaos.evenly(0.7, 0).malformedJson()).isCloseTo(0.1, Offset.offset(1e-12));
  }

  private static Offset<Double> within() {
    return Offset.offset(0.005);
  }
}

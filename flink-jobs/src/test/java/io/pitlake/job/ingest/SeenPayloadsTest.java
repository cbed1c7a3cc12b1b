package io.pitlake.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeenPayloadsTest {

  @Test
  void numbersNewPayloadsAndSkipsKnownOnesLikeAMapOfEveryKey() {
    // A model with the obvious memory (the one SeenPayloads replaced) and the real one, fed the
    // same 300,000 observations of 100,000 keys (several table growths), a tenth of them revised.
    Map<String, List<Long>> model = new HashMap<>();
    SeenPayloads seen = new SeenPayloads();
    Random random = new Random(7);
    for (int i = 0; i < 300_000; i++) {
      String key = "B" + random.nextInt(100_000) + "|" + (1_262_000_000_000L + i % 5 * 86_400_000L);
      long payload = random.nextInt(10) == 0 ? random.nextLong() : key.hashCode();
      List<Long> known = model.computeIfAbsent(key, k -> new ArrayList<>());
      int expected = known.contains(payload) ? 0 : known.size() + 1;
      if (expected > 0) {
        known.add(payload);
      }
      assertThat(seen.add(key, payload)).as("observation %d of %s", i, key).isEqualTo(expected);
    }
    assertThat(model.values().stream().filter(v -> v.size() > 1)).isNotEmpty();
  }

  @Test
  void historyMayListVersionsInAnyOrder() {
    SeenPayloads seen = new SeenPayloads();
    seen.remember("AAPL|1", 30, 3);
    seen.remember("AAPL|1", 10, 1);
    seen.remember("AAPL|1", 20, 2);
    seen.remember("MSFT|1", 10, 1);

    assertThat(seen.add("AAPL|1", 20)).isZero();
    assertThat(seen.add("AAPL|1", 10)).isZero();
    assertThat(seen.add("AAPL|1", 40)).isEqualTo(4);
    assertThat(seen.add("MSFT|1", 20)).isEqualTo(2);
    assertThat(seen.add("NVDA|1", 10)).isEqualTo(1);
  }

  @Test
  void aVersionBelowOneIsACorruptRowNamed() {
    assertThatThrownBy(() -> new SeenPayloads().remember("AAPL|1", 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AAPL|1")
        .hasMessageContaining("versions start at 1");
  }
}

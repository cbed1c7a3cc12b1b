package io.pitlake.vendor.sec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the apiref fixtures copied to the test resources. */
final class SecTestFixtures {

  static final String USER_AGENT = "pitlake tests admin@pitlake.example";

  private SecTestFixtures() {}

  static String fixture(String name) {
    try (InputStream in = SecTestFixtures.class.getResourceAsStream("/apiref/" + name)) {
      if (in == null) {
        throw new IllegalStateException("test resource apiref/" + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

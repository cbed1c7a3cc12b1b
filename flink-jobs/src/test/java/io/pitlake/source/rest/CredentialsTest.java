package io.pitlake.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  private static final String KEY = "k3y-0123456789abcdefSECRET";

  @TempDir Path tmp;

  @Test
  @DisplayName("a key file is read lazily and trimmed, and its serialized form holds no key")
  void keyFileIsReadLazily() throws IOException {
    Path file = tmp.resolve("polygon.key");
    Credentials credentials = Credentials.fromFile(file);
    Files.writeString(file, "  " + KEY + "\n");

    assertThat(credentials.resolve()).contains(KEY);
    assertThat(serialized(credentials)).doesNotContain(KEY);
    assertThat(credentials.toString()).doesNotContain(KEY);
  }

  @Test
  @DisplayName("a missing key file is reported by path")
  void missingKeyFileNamesThePath() {
    Path file = tmp.resolve("absent.key");
    assertThatThrownBy(() -> Credentials.fromFile(file).resolve())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the key file " + file)
        .hasMessageContaining("mount it");
  }

  @Test
  @DisplayName("an empty key file is reported by path")
  void emptyKeyFileNamesThePath() throws IOException {
    Path file = tmp.resolve("empty.key");
    Files.writeString(file, "\n");
    assertThatThrownBy(() -> Credentials.fromFile(file).resolve())
        .hasMessageContaining("the key file " + file + " is empty");
  }

  @Test
  @DisplayName("an unset environment variable is reported by name")
  void unsetVariableNamesTheVariable() {
    assertThatThrownBy(() -> Credentials.fromEnv("PITLAKE_TEST_UNSET_VARIABLE").resolve())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the environment variable PITLAKE_TEST_UNSET_VARIABLE is not set");
  }

  @Test
  @DisplayName("no credentials resolve to no key")
  void noneResolvesToNothing() {
    assertThat(Credentials.none().resolve()).isEmpty();
  }

  private static String serialized(Credentials credentials) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(credentials);
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}

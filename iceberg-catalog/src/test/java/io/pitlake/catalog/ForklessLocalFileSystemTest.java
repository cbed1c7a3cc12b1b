package io.pitlake.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForklessLocalFileSystemTest {

  @TempDir Path dir;

  private FileSystem fileSystem() throws IOException {
    // newInstance, not get: Hadoop caches the file system of a scheme for the whole JVM.
    return FileSystem.newInstance(dir.toUri(), ForklessLocalFileSystem.configuration());
  }

  @Test
  @DisplayName(
      "file:// paths of the lake's Hadoop configuration go through the forkless file system")
  void configurationSelectsIt() throws IOException {
    try (FileSystem fs = fileSystem()) {
      assertThat(fs).isInstanceOf(ForklessLocalFileSystem.class);
    }
  }

  @Test
  @DisplayName(
      "the lake's configuration gets the forkless file system even after Hadoop cached its own")
  void cachedPlainFileSystemDoesNotWin() throws IOException {
    FileSystem plain = FileSystem.get(dir.toUri(), new Configuration());
    assertThat(plain).isNotInstanceOf(ForklessLocalFileSystem.class);
    assertThat(FileSystem.get(dir.toUri(), ForklessLocalFileSystem.configuration()))
        .isInstanceOf(ForklessLocalFileSystem.class);
    assertThat(FileSystem.get(dir.toUri(), new Configuration()))
        .as("the JVM's cached file system is left to whoever asked for it")
        .isSameAs(plain);
  }

  @Test
  @DisplayName("a created file and directory get Hadoop's default modes, as with chmod")
  void createdFilesGetTheDefaultModes() throws IOException {
    try (FileSystem fs = fileSystem()) {
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.toUri() + "/a/b/f.txt");
      try (OutputStream out = fs.create(file)) {
        out.write("bar".getBytes(StandardCharsets.UTF_8));
      }
      FsPermission umask = FsPermission.getUMask(fs.getConf());
      assertThat(Files.getPosixFilePermissions(dir.resolve("a/b/f.txt")))
          .isEqualTo(
              ForklessLocalFileSystem.posix(
                  FsPermission.getFileDefault().applyUMask(umask).toShort()));
      assertThat(Files.getPosixFilePermissions(dir.resolve("a/b")))
          .isEqualTo(
              ForklessLocalFileSystem.posix(
                  FsPermission.getDirDefault().applyUMask(umask).toShort()));
      assertThat(Files.readString(dir.resolve("a/b/f.txt"))).isEqualTo("bar");
      // Hadoop's checksum layer is kept: the file's .crc sits beside it.
      assertThat(dir.resolve("a/b/.f.txt.crc")).exists();
    }
  }

  @Test
  @DisplayName("setPermission sets exactly the mode's bits, and names a missing file")
  void setPermissionSetsTheBits() throws IOException {
    Path file = Files.writeString(dir.resolve("g.txt"), "x");
    try (FileSystem fs = fileSystem()) {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
      fs.setPermission(path, new FsPermission((short) 0640));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-r-----");
      fs.setPermission(path, new FsPermission((short) 0705));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rwx---r-x");
      assertThatThrownBy(
              () ->
                  fs.setPermission(
                      new org.apache.hadoop.fs.Path(dir.resolve("none").toUri()),
                      new FsPermission((short) 0644)))
          .isInstanceOf(NoSuchFileException.class)
          .hasMessageContaining("none");
    }
  }

  @Test
  @DisplayName("the embedded lake's FileIO writes through it")
  void embeddedCatalogUsesIt() throws IOException {
    Catalog catalog =
        Catalogs.create(CatalogConfig.embedded(Files.createDirectories(dir.resolve("lake"))));
    ((SupportsNamespaces) catalog).createNamespace(Namespace.of("bronze"));
    var table =
        catalog.createTable(
            TableIdentifier.of("bronze", "t"),
            new Schema(List.of(Types.NestedField.required(1, "id", Types.LongType.get()))));
    assertThat(table.io()).isInstanceOf(HadoopFileIO.class);
    assertThat(((HadoopFileIO) table.io()).conf().get(ForklessLocalFileSystem.IMPL_KEY))
        .isEqualTo(ForklessLocalFileSystem.class.getName());
    ((Closeable) catalog).close();
  }
}

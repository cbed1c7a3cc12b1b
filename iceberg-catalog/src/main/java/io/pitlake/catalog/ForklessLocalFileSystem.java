package io.pitlake.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file://}, what Iceberg's {@code HadoopFileIO} writes a local
 * lake through) with permissions set by {@link Files#setPosixFilePermissions} instead of a {@code
 * chmod} process. Without Hadoop's native library, which pitlake does not ship, {@link
 * RawLocalFileSystem} starts one {@code chmod} per file and directory it creates: a Parquet file,
 * its checksum, each manifest and metadata file. A small {@code pitlake update} started about 500
 * of them, each a process spawned from a JVM of a gigabyte or more and waited for, on the thread
 * that closes the file. Everything else, checksums included, is Hadoop's own.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {

  /** Hadoop's key naming the class of the {@code file} scheme's file system. */
  static final String IMPL_KEY = "fs.file.impl";

  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /**
   * Hadoop's key that makes {@code FileSystem.get} create the {@code file} scheme's file system
   * from the configuration it is given rather than return the JVM-wide cached one.
   */
  static final String DISABLE_CACHE_KEY = "fs.file.impl.disable.cache";

  /**
   * A Hadoop configuration whose {@code file://} paths go through this file system. Hadoop caches
   * one file system per scheme and user for the whole JVM, whatever configuration asked for it
   * first: without the cache a plain {@code file://} lookup elsewhere in the JVM (a library, a
   * test) cannot hand Iceberg the forking file system. An instance costs a few objects, nothing
   * opened.
   */
  public static Configuration configuration() {
    Configuration conf = new Configuration();
    conf.set(IMPL_KEY, ForklessLocalFileSystem.class.getName());
    conf.setBoolean(DISABLE_CACHE_KEY, true);
    return conf;
  }

  /** The raw (checksum-less) layer, where Hadoop starts the {@code chmod}. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      Files.setPosixFilePermissions(pathToFile(path).toPath(), posix(permission.toShort()));
    }
  }

  /** The POSIX permissions of mode bits {@code mode} (e.g. {@code 0644}); sticky bit ignored. */
  static Set<PosixFilePermission> posix(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }
}

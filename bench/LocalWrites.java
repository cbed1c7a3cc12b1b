import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What creating a file of a local lake costs through Hadoop's local file system, which starts a
 * {@code chmod} process per file without Hadoop's native library, against pitlake's {@code
 * ForklessLocalFileSystem} (the same, with the mode set through java.nio). Creates FILES one-byte
 * files with each, alternately, ROUNDS times, in one JVM, and prints wall time per file and the
 * creating thread's CPU ({@code bench/local-writes.sh} runs it with pitlake's jar on the class path):
 *
 * <pre>java LocalWrites.java FILES ROUNDS</pre>
 */
public class LocalWrites {
  public static void main(String[] args) throws Exception {
    int files = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    String[] impls = {
      "org.apache.hadoop.fs.LocalFileSystem", "io.pitlake.catalog.ForklessLocalFileSystem"
    };
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= rounds; round++) {
      for (String impl : impls) {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", impl);
        java.nio.file.Path dir = Files.createTempDirectory("pitlake-local-writes");
        try (FileSystem fs = FileSystem.newInstance(dir.toUri(), conf)) {
          long wall = System.nanoTime();
          long cpu = threads.getCurrentThreadCpuTime();
          for (int i = 0; i < files; i++) {
            try (var out = fs.create(new Path(dir.toUri() + "/f" + i))) {
              out.write(1);
            }
          }
          long nanos = System.nanoTime() - wall;
          System.out.printf(
              "round %d %-24s %d files: %.2f s wall, %.2f ms a file, creating thread's CPU %.2f s%n",
              round,
              impl.substring(impl.lastIndexOf('.') + 1),
              files,
              nanos / 1e9,
              nanos / 1e6 / files,
              (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
        }
      }
    }
  }
}

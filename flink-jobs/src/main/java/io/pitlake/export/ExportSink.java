package io.pitlake.export;

import java.io.IOException;

/**
 * Where exported rows go, in symbol then session order. {@link #close()} completes the output: a
 * sink may buffer (Qlib's files need the whole calendar before the first is written).
 */
public interface ExportSink extends AutoCloseable {

  void write(PanelRow row) throws IOException;

  @Override
  void close() throws IOException;
}

package ai.chaukas.spec.exporter.internal;

import ai.chaukas.spec.toolkit.json.JsonLinesWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Writes batches as JSON Lines, one event per line as the Python SDK's file mode writes them
 * ({@link JsonLinesWriter}), appended to one file. When the file would pass {@code maxFileBytes}
 * it is renamed {@code NAME.1} (the older ones shifting to {@code .2} … up to {@code keepFiles},
 * the oldest deleted) and a new one starts. With {@code syncEachBatch}, a batch counts as sent
 * only once it is forced to the device.
 */
public final class FileTransport implements Transport {

  private final Path path;
  private final long maxFileBytes;
  private final int keepFiles;
  private final boolean syncEachBatch;
  private FileOutputStream file;
  private JsonLinesWriter writer;

  public FileTransport(Path path, long maxFileBytes, int keepFiles, boolean syncEachBatch) {
    this.path = path;
    this.maxFileBytes = maxFileBytes;
    this.keepFiles = keepFiles;
    this.syncEachBatch = syncEachBatch;
  }

  @Override
  public synchronized CompletableFuture<Outcome> send(Batch batch, Duration timeout) {
    try {
      if (file != null && file.getChannel().size() >= maxFileBytes) {
        rotate();
      }
      if (file == null) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        file = new FileOutputStream(path.toFile(), true);
        writer = JsonLinesWriter.builder().build(file);
      }
      for (Pending event : batch.events) {
        writer.write(event.event());
      }
      writer.flush();
      if (syncEachBatch) {
        file.getFD().sync();
      }
      return CompletableFuture.completedFuture(Outcome.delivered(Map.of()));
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      return CompletableFuture.completedFuture(
          Outcome.retry("cannot write " + path + ": " + e.getMessage(), 0));
    }
  }

  private void rotate() throws IOException {
    closeQuietly();
    for (int i = keepFiles; i >= 1; i--) {
      Path older = sibling(i);
      if (i == keepFiles) {
        Files.deleteIfExists(older);
      } else if (Files.exists(older)) {
        Files.move(older, sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (keepFiles > 0) {
      Files.move(path, sibling(1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.deleteIfExists(path);
    }
  }

  private Path sibling(int generation) {
    return path.resolveSibling(path.getFileName() + "." + generation);
  }

  private void closeQuietly() {
    try {
      if (writer != null) {
        writer.close();
      }
    } catch (IOException e) {
      // The next write reopens the file; what was flushed is on disk.
    }
    writer = null;
    file = null;
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }
}

package ai.chaukas.spec.exporter.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Sends batches somewhere: a platform over gRPC or HTTP, or files. */
public interface Transport extends AutoCloseable {

  /**
   * Sends {@code batch} once, within {@code timeout}; the future never fails: every failure is
   * an {@link Outcome}.
   */
  CompletableFuture<Outcome> send(Batch batch, Duration timeout);

  /** Frees what the transport made (channels, threads, files); not what it was given. */
  @Override
  void close();
}

package ai.chaukas.spec.cli;

import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code chaukas serve --store memory} in a JVM of 128 MB, fed events of 1 MB: the store's byte
 * bound refuses ingest once full and the server keeps answering queries; with a bound above the
 * heap, the heap fills first, and the server refuses ingest for high memory usage (the signal
 * clients retry on); the byte bound is what keeps queries answering.
 */
class ServeMemoryBoundIT {

  private static final List<String> SMALL_HEAP = List.of("-Xmx128m");
  /** More 1 MB events than the heap holds. */
  private static final int ATTEMPTS = 400;

  private static Event megabyte(int i) {
    return event("e-" + i, 1_000 + i)
        .setMetadata(Struct.newBuilder().putFields("blob",
            Value.newBuilder().setStringValue(i + "x".repeat(1_000_000)).build()))
        .build();
  }

  /** Ingests until the first failure, which it returns (null if none). */
  private static StatusRuntimeException fill(ChaukasServerServiceBlockingStub stub) {
    for (int i = 0; i < ATTEMPTS; i++) {
      try {
        stub.withDeadlineAfter(60, TimeUnit.SECONDS)
            .ingestEvent(IngestEventRequest.newBuilder().setEvent(megabyte(i)).build());
      } catch (StatusRuntimeException e) {
        return e;
      }
    }
    return null;
  }

  private static Status.Code query(ChaukasServerServiceBlockingStub stub) {
    try {
      stub.withDeadlineAfter(60, TimeUnit.SECONDS).queryEvents(QueryEventsRequest.newBuilder()
          .setQuery(QueryRequest.newBuilder()
              .setFilter(QueryFilter.newBuilder().setTenantId(TENANT)).setPageSize(1))
          .build());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void aFullStoreRefusesIngestAndKeepsAnsweringQueries() throws Exception {
    try (ServeProcess serve = ServeProcess.start(SMALL_HEAP, "--port", "0", "--store", "memory", "-q")) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", serve.port()).usePlaintext().build();
      try {
        ChaukasServerServiceBlockingStub stub = ChaukasServerServiceGrpc.newBlockingStub(channel);
        StatusRuntimeException full = fill(stub);
        assertThat(full).as("a refusal before %d events of 1 MB", ATTEMPTS).isNotNull();
        assertThat(full.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(full.getStatus().getDescription()).contains("the store is full", "nothing was stored");
        for (int i = 0; i < 5; i++) {
          assertThat(query(stub)).isEqualTo(Status.Code.OK);
          assertThat(fill(stub).getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      serve.terminate();
      assertThat(serve.awaitExit()).isZero();
    }
  }

  @Test
  void withABoundAboveTheHeapTheHeapSignalRefusesIngest() throws Exception {
    try (ServeProcess serve = ServeProcess.start(
        SMALL_HEAP, "--port", "0", "--store", "memory", "-q", "--max-bytes", "100000000000")) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", serve.port()).usePlaintext().build();
      try {
        ChaukasServerServiceBlockingStub stub = ChaukasServerServiceGrpc.newBlockingStub(channel);
        StatusRuntimeException failure = fill(stub);
        assertThat(failure).as("a failure before %d events of 1 MB", ATTEMPTS).isNotNull();
        // The heap fills first: ingest is refused with the memory signal that clients retry on,
        // not with an OutOfMemoryError's UNKNOWN. (Queries may then lack memory themselves.)
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(failure.getStatus().getDescription()).startsWith("high memory usage");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}

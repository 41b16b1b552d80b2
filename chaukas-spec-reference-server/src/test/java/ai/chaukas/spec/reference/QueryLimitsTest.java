package ai.chaukas.spec.reference;

import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.failsWith;
import static ai.chaukas.spec.testing.internal.ServerCalls.ids;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.server.v1.QueryEventsResponse;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps one query from exhausting a client or the server, over a real port with a gRPC client
 * of default settings (4 MiB inbound limit): pages end at a byte budget, page tokens are
 * authenticated by the store, a long {@code text_query} is refused.
 */
class QueryLimitsTest {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** An event of about {@code bytes} bytes, most of them a metadata string. */
  static Event large(String id, long seconds, int bytes) {
    return event(id, seconds)
        .setMetadata(Struct.newBuilder().putFields("blob",
            Value.newBuilder().setStringValue("x".repeat(bytes)).build()))
        .build();
  }

  private static ManagedChannel channel(RunningServer running) {
    return NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
  }

  private static ChaukasServerServiceBlockingStub stub(ManagedChannel channel) {
    return ChaukasServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private static QueryResponse page(ChaukasServerServiceBlockingStub stub, QueryRequest query) {
    return stub.queryEvents(QueryEventsRequest.newBuilder().setQuery(query).build()).getResponse();
  }

  private static String violatedField(StatusRuntimeException e) throws Exception {
    return StatusProto.fromThrowable(e).getDetails(0).unpack(BadRequest.class)
        .getFieldViolations(0).getField();
  }

  @Test
  void aPageOfLargeEventsStopsAtTheByteBudgetAndTheTokenContinuesAfterItsLastEvent()
      throws Exception {
    try (RunningServer running = ReferenceServer.create().start(0)) {
      ManagedChannel channel = channel(running);
      try {
        ChaukasServerServiceBlockingStub stub = stub(channel);
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          ingest(stub, large("e-" + i, 1_000 + i, 200_000));
          stored.add("e-" + i);
        }
        for (SortOrder order : List.of(SortOrder.SORT_ORDER_ASC, SortOrder.SORT_ORDER_DESC)) {
          QueryRequest first = queryOf(TENANT).setOrderByTime(order).setPageSize(1000).build();
          List<String> returned = new ArrayList<>();
          List<Integer> counts = new ArrayList<>();
          QueryRequest query = first;
          while (true) {
            QueryEventsResponse reply =
                stub.queryEvents(QueryEventsRequest.newBuilder().setQuery(query).build());
            assertThat(reply.getSerializedSize()).isLessThanOrEqualTo(ReferenceServer.DEFAULT_MAX_PAGE_BYTES);
            counts.add(reply.getResponse().getEventsCount());
            returned.addAll(ids(reply.getResponse().getEventsList()));
            if (reply.getResponse().getNextPageToken().isEmpty()) {
              break;
            }
            query = first.toBuilder().setPageToken(reply.getResponse().getNextPageToken()).build();
          }
          assertThat(counts).as("events per page").hasSizeGreaterThan(2).allMatch(n -> n < 50 && n > 0);
          List<String> expected = new ArrayList<>(stored);
          if (order == SortOrder.SORT_ORDER_DESC) {
            java.util.Collections.reverse(expected);
          }
          assertThat(returned).containsExactlyElementsOf(expected);
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void anEventLargerThanThePageBudgetIsAPageOfItsOwn() throws Exception {
    try (RunningServer running = ReferenceServer.builder().maxPageBytes(1_000).build().start(0)) {
      ManagedChannel channel = channel(running);
      try {
        ChaukasServerServiceBlockingStub stub = stub(channel);
        for (int i = 0; i < 3; i++) {
          ingest(stub, large("e-" + i, 1_000 + i, 5_000));
        }
        QueryRequest first = queryOf(TENANT).setOrderByTime(SortOrder.SORT_ORDER_ASC).build();
        QueryResponse one = page(stub, first);
        assertThat(ids(one.getEventsList())).containsExactly("e-0");
        QueryResponse two = page(stub, first.toBuilder().setPageToken(one.getNextPageToken()).build());
        assertThat(ids(two.getEventsList())).containsExactly("e-1");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aTokenWithAnyOneCharacterChangedIsInvalidArgument() throws Exception {
    try (RunningServer running = ReferenceServer.create().start(0)) {
      ManagedChannel channel = channel(running);
      try {
        ChaukasServerServiceBlockingStub stub = stub(channel);
        for (int i = 0; i < 3; i++) {
          ingest(stub, event("e-" + i, 1_000 + i).build());
        }
        QueryRequest first = queryOf(TENANT).setPageSize(1).build();
        String token = page(stub, first).getNextPageToken();
        assertThat(page(stub, first.toBuilder().setPageToken(token).build()).getEventsCount()).isOne();
        for (int i = 0; i < token.length(); i++) {
          char original = token.charAt(i);
          char other = ALPHABET.charAt((ALPHABET.indexOf(original) + 1 + i % 63) % ALPHABET.length());
          QueryRequest altered = first.toBuilder()
              .setPageToken(token.substring(0, i) + other + token.substring(i + 1)).build();
          StatusRuntimeException e = org.assertj.core.api.Assertions.catchThrowableOfType(
              StatusRuntimeException.class, () -> page(stub, altered));
          assertThat(e).as("token with %s instead of %s at %d", other, original, i).isNotNull();
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(violatedField(e)).isEqualTo("query.page_token");
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aTokenOfOneMemoryStoreIsRefusedByAnother() throws Exception {
    try (RunningServer one = ReferenceServer.create().start(0);
        RunningServer two = ReferenceServer.create().start(0)) {
      ManagedChannel toOne = channel(one);
      ManagedChannel toTwo = channel(two);
      try {
        for (ManagedChannel channel : List.of(toOne, toTwo)) {
          for (int i = 0; i < 3; i++) {
            ingest(stub(channel), event("e-" + i, 1_000 + i).build());
          }
        }
        QueryRequest first = queryOf(TENANT).setPageSize(1).build();
        String token = page(stub(toOne), first).getNextPageToken();
        QueryRequest next = first.toBuilder().setPageToken(token).build();
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> page(stub(toTwo), next)))
            .contains("not issued by this store");
      } finally {
        toOne.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        toTwo.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aTokenOfAStoreOnDiskStillWorksAfterARestart(@TempDir Path directory) throws Exception {
    QueryRequest first = queryOf(TENANT).setPageSize(1).setOrderByTime(SortOrder.SORT_ORDER_ASC).build();
    String token;
    try (RunningServer running = ReferenceServer.builder().storeIn(directory).build().start(0)) {
      ManagedChannel channel = channel(running);
      try {
        for (int i = 0; i < 3; i++) {
          ingest(stub(channel), event("e-" + i, 1_000 + i).build());
        }
        token = page(stub(channel), first).getNextPageToken();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    assertThat(directory.resolve("token.key")).hasSize(32);
    try (RunningServer running = ReferenceServer.builder().storeIn(directory).build().start(0)) {
      ManagedChannel channel = channel(running);
      try {
        QueryResponse next = page(stub(channel), first.toBuilder().setPageToken(token).build());
        assertThat(ids(next.getEventsList())).containsExactly("e-1");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    // A store made before page tokens were authenticated has no key: it gets one.
    Files.delete(directory.resolve("token.key"));
    try (RunningServer running = ReferenceServer.builder().storeIn(directory).build().start(0)) {
      ManagedChannel channel = channel(running);
      try {
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
            () -> page(stub(channel), first.toBuilder().setPageToken(token).build())))
            .contains("not issued by this store");
        String fresh = page(stub(channel), first).getNextPageToken();
        assertThat(ids(page(stub(channel), first.toBuilder().setPageToken(fresh).build()).getEventsList()))
            .containsExactly("e-1");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    assertThat(directory.resolve("token.key")).hasSize(32);
  }

  @Test
  void aTextQueryLongerThan256CharactersIsInvalidArgumentNamingTheField() throws Exception {
    try (RunningServer running = ReferenceServer.create().start(0)) {
      ManagedChannel channel = channel(running);
      try {
        ChaukasServerServiceBlockingStub stub = stub(channel);
        ingest(stub, event("e-1", 1_000).setAgentName("a".repeat(300)).build());
        QueryRequest longest = queryOf(TENANT)
            .setFilter(QueryFilter.newBuilder().setTenantId(TENANT).setTextQuery("A".repeat(256)))
            .build();
        assertThat(ids(page(stub, longest).getEventsList())).containsExactly("e-1");
        QueryRequest tooLong = longest.toBuilder()
            .setFilter(longest.getFilter().toBuilder().setTextQuery("a".repeat(257))).build();
        StatusRuntimeException e = org.assertj.core.api.Assertions.catchThrowableOfType(
            StatusRuntimeException.class, () -> page(stub, tooLong));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("query.filter.text_query", "257", "256");
        assertThat(violatedField(e)).isEqualTo("query.filter.text_query");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }
}

package ai.chaukas.spec.testkit.server;

import static ai.chaukas.spec.testing.internal.SampleEvents.OTHER_TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.allPages;
import static ai.chaukas.spec.testing.internal.ServerCalls.at;
import static ai.chaukas.spec.testing.internal.ServerCalls.failsWith;
import static ai.chaukas.spec.testing.internal.ServerCalls.ids;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingestBatch;
import static ai.chaukas.spec.testing.internal.ServerCalls.page;
import static ai.chaukas.spec.testing.internal.ServerCalls.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.PolicyDecision;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.common.v1.Severity;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** QRY-1 to QRY-7 of docs/server-semantics.md. */
class QueryRulesTest {

  @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess();

  private static List<String> matching(
      ChaukasServerServiceBlockingStub stub, UnaryOperator<QueryFilter.Builder> filter) {
    QueryRequest query =
        QueryRequest.newBuilder()
            .setFilter(filter.apply(QueryFilter.newBuilder().setTenantId(TENANT)))
            .setOrderByTime(SortOrder.SORT_ORDER_ASC)
            .build();
    return ids(allPages(stub, query));
  }

  private static void ingestAll(ChaukasServerServiceBlockingStub stub, Event.Builder... events) {
    for (Event.Builder e : events) {
      ingest(stub, e.build());
    }
  }

  @Test
  void QRY_1_queryWithoutTenantIsInvalidArgument(ChaukasServerServiceBlockingStub stub) {
    assertThat(
            failsWith(
                Status.Code.INVALID_ARGUMENT,
                () -> stub.queryEvents(QueryEventsRequest.getDefaultInstance())))
        .contains("query.filter.tenant_id is required");
    failsWith(
        Status.Code.INVALID_ARGUMENT,
        () -> page(stub, QueryRequest.newBuilder().setFilter(QueryFilter.newBuilder().setProjectId("p")).build()));
  }

  @Test
  void QRY_2_exactFieldsMatchExactly(ChaukasServerServiceBlockingStub stub) {
    ingestAll(
        stub,
        event("plain", 1),
        event("project", 2).setProjectId("project-y"),
        event("session", 3).setSessionId("session-2"),
        event("agent", 4).setAgentId("agent-7"),
        event("span", 5).setSpanId("span-7"),
        event("trace", 6).setTraceId("trace-7"));
    assertThat(matching(stub, f -> f.setProjectId("project-y"))).containsExactly("project");
    assertThat(matching(stub, f -> f.setSessionId("session-2"))).containsExactly("session");
    assertThat(matching(stub, f -> f.setAgentId("agent-7"))).containsExactly("agent");
    assertThat(matching(stub, f -> f.setSpanId("span-7"))).containsExactly("span");
    assertThat(matching(stub, f -> f.setTraceId("trace-7"))).containsExactly("trace");
    assertThat(matching(stub, f -> f.setTraceId("trace"))).isEmpty();
    assertThat(matching(stub, f -> f)).hasSize(6);
  }

  @Test
  void QRY_2_enumListsMatchAnyListedValue(ChaukasServerServiceBlockingStub stub) {
    ingestAll(
        stub,
        event("start", 1),
        event("end", 2).setType(EventType.EVENT_TYPE_AGENT_END).setStatus(EventStatus.EVENT_STATUS_COMPLETED),
        event("warn", 3).setSeverity(Severity.SEVERITY_WARN),
        event("failed", 4).setType(EventType.EVENT_TYPE_AGENT_END).setStatus(EventStatus.EVENT_STATUS_FAILED));
    assertThat(matching(stub, f -> f.addTypes(EventType.EVENT_TYPE_AGENT_END)))
        .containsExactly("end", "failed");
    assertThat(
            matching(
                stub,
                f -> f.addStatuses(EventStatus.EVENT_STATUS_COMPLETED).addStatuses(EventStatus.EVENT_STATUS_FAILED)))
        .containsExactly("end", "failed");
    assertThat(matching(stub, f -> f.addSeverities(Severity.SEVERITY_WARN))).containsExactly("warn");
    assertThat(
            matching(
                stub,
                f -> f.addTypes(EventType.EVENT_TYPE_AGENT_END).addStatuses(EventStatus.EVENT_STATUS_FAILED)))
        .containsExactly("failed");
  }

  @Test
  void QRY_2_tagsMatchEventsCarryingAllOfThem(ChaukasServerServiceBlockingStub stub) {
    ingestAll(
        stub,
        event("none", 1),
        event("a", 2).addTags("a"),
        event("ab", 3).addTags("b").addTags("a"),
        event("abc", 4).addTags("a").addTags("b").addTags("c"));
    assertThat(matching(stub, f -> f.addTags("a"))).containsExactly("a", "ab", "abc");
    assertThat(matching(stub, f -> f.addTags("a").addTags("b"))).containsExactly("ab", "abc");
    assertThat(matching(stub, f -> f.addTags("d"))).isEmpty();
  }

  @Test
  void QRY_2_textQueryIsACaseInsensitiveSubstringOfAnyString(ChaukasServerServiceBlockingStub stub) {
    Struct nested =
        Struct.newBuilder()
            .putFields(
                "messages",
                Value.newBuilder()
                    .setListValue(
                        ListValue.newBuilder()
                            .addValues(
                                Value.newBuilder()
                                    .setStructValue(
                                        Struct.newBuilder()
                                            .putFields(
                                                "content",
                                                Value.newBuilder()
                                                    .setStringValue("Deep Needle inside")
                                                    .build()))))
                    .build())
            .build();
    ingestAll(
        stub,
        event("top", 1).setAgentName("The NEEDLE agent"),
        event("content", 2)
            .setType(EventType.EVENT_TYPE_POLICY_DECISION)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setPolicy(PolicyDecision.newBuilder().setPolicyId("p").setRationale("needles everywhere")),
        event("repeated", 3).addTags("x").addTags("hayneedlestack"),
        event("struct", 4).setMetadata(nested),
        event("key-only", 5)
            .setMetadata(Struct.newBuilder().putFields("needle", Value.newBuilder().setNumberValue(1).build())),
        event("none", 6).setAgentName("haystack"),
        event("message", 7)
            .setType(EventType.EVENT_TYPE_INPUT_RECEIVED)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setMessage(MessageContent.newBuilder().setText("a nEeDlE")));
    assertThat(matching(stub, f -> f.setTextQuery("needle")))
        .containsExactly("top", "content", "repeated", "struct", "message");
    assertThat(matching(stub, f -> f.setTextQuery("NEEDLE"))).hasSize(5);
    assertThat(matching(stub, f -> f.setTextQuery("needle").addTags("x"))).containsExactly("repeated");
  }

  @Test
  void QRY_3_timeRangeIsHalfOpen(ChaukasServerServiceBlockingStub stub) {
    ingestAll(stub, event("t1", 1), event("t2", 2), event("t3", 3), event("t3b", 3).setTimestamp(at(3, 1)));
    assertThat(matching(stub, f -> f.setTime(TimeRange.newBuilder().setStart(at(2)).setEnd(at(3)))))
        .containsExactly("t2");
    assertThat(matching(stub, f -> f.setTime(TimeRange.newBuilder().setStart(at(2)).setEnd(at(3, 1)))))
        .containsExactly("t2", "t3");
  }

  @Test
  void QRY_3_unsetBoundIsOpen(ChaukasServerServiceBlockingStub stub) {
    ingestAll(stub, event("t1", 1), event("t2", 2), event("t3", 3));
    assertThat(matching(stub, f -> f.setTime(TimeRange.newBuilder().setStart(at(2)))))
        .containsExactly("t2", "t3");
    assertThat(matching(stub, f -> f.setTime(TimeRange.newBuilder().setEnd(at(2)))))
        .containsExactly("t1");
  }

  @Test
  void QRY_3_startNotBeforeEndMatchesNothing(ChaukasServerServiceBlockingStub stub) {
    ingestAll(stub, event("t1", 1), event("t2", 2), event("t3", 3));
    assertThat(matching(stub, f -> f.setTime(TimeRange.newBuilder().setStart(at(2)).setEnd(at(2)))))
        .isEmpty();
    assertThat(matching(stub, f -> f.setTime(TimeRange.newBuilder().setStart(at(3)).setEnd(at(1)))))
        .isEmpty();
  }

  @Test
  void QRY_3_timeBoundWithNanosOutOfRangeIsInvalidArgument(ChaukasServerServiceBlockingStub stub) {
    QueryRequest query =
        queryOf(TENANT)
            .setFilter(
                queryOf(TENANT).getFilter().toBuilder()
                    .setTime(TimeRange.newBuilder().setEnd(at(1, 1_000_000_000))))
            .build();
    assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> page(stub, query)))
        .contains("query.filter.time.end.nanos");
  }

  @Test
  void QRY_4_unknownSortOrderIsInvalidArgument(ChaukasServerServiceBlockingStub stub) {
    assertThat(
            failsWith(
                Status.Code.INVALID_ARGUMENT,
                () -> page(stub, queryOf(TENANT).setOrderByTimeValue(7).build())))
        .contains("order_by_time 7");
  }

  @Test
  void QRY_4_orderedByTimestampThenEventIdBothWays(ChaukasServerServiceBlockingStub stub) {
    ingestAll(stub, event("b", 2), event("c", 1), event("a", 2), event("d", 3), event("z", 2).setTimestamp(at(1, 5)));
    assertThat(ids(allPages(stub, queryOf(TENANT).setOrderByTime(SortOrder.SORT_ORDER_ASC).build())))
        .containsExactly("c", "z", "a", "b", "d");
    assertThat(ids(allPages(stub, queryOf(TENANT).setOrderByTime(SortOrder.SORT_ORDER_DESC).build())))
        .containsExactly("d", "b", "a", "z", "c");
  }

  @Test
  void QRY_4_unspecifiedOrderMeansDescending(ChaukasServerServiceBlockingStub stub) {
    ingestAll(stub, event("a", 1), event("b", 2), event("c", 3));
    assertThat(ids(allPages(stub, queryOf(TENANT).build()))).containsExactly("c", "b", "a");
  }

  @Test
  void QRY_4_equalTimestampsAreOrderedByCodePoint(ChaukasServerServiceBlockingStub stub) {
    // U+FFFD sorts before U+1F600 by code point, after it by UTF-16 unit (String.compareTo).
    String replacement = "\uFFFD";
    String emoji = "\uD83D\uDE00";
    ingestAll(stub, event(emoji, 1), event(replacement, 1), event("~", 1));
    assertThat(ids(allPages(stub, queryOf(TENANT).setOrderByTime(SortOrder.SORT_ORDER_ASC).build())))
        .containsExactly("~", replacement, emoji);
  }

  @Test
  void QRY_5_pageSizeZeroMeans100AndAbove1000Means1000(ChaukasServerServiceBlockingStub stub) {
    List<Event> events =
        IntStream.range(0, 1001).mapToObj(i -> event(String.format("e-%04d", i), i).build()).toList();
    ingestBatch(stub, "many", events);
    assertThat(page(stub, queryOf(TENANT).build()).getEventsCount()).isEqualTo(100);
    assertThat(page(stub, queryOf(TENANT).setPageSize(5000).build()).getEventsCount()).isEqualTo(1000);
    assertThat(page(stub, queryOf(TENANT).setPageSize(7).build()).getEventsCount()).isEqualTo(7);
  }

  @Test
  void QRY_5_negativePageSizeIsInvalidArgument(ChaukasServerServiceBlockingStub stub) {
    assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> page(stub, queryOf(TENANT).setPageSize(-1).build())))
        .contains("page_size");
  }

  @Test
  void QRY_6_tokenIsEmptyOnlyOnTheLastPageAndPageSizeMayChange(ChaukasServerServiceBlockingStub stub) {
    ingestAll(stub, event("a", 1), event("b", 2), event("c", 3), event("d", 4), event("e", 5));
    QueryRequest first = queryOf(TENANT).setOrderByTime(SortOrder.SORT_ORDER_ASC).setPageSize(2).build();
    QueryResponse one = page(stub, first);
    assertThat(ids(one.getEventsList())).containsExactly("a", "b");
    assertThat(one.getNextPageToken()).isNotEmpty();
    QueryResponse two = page(stub, first.toBuilder().setPageToken(one.getNextPageToken()).setPageSize(3).build());
    assertThat(ids(two.getEventsList())).containsExactly("c", "d", "e");
    assertThat(two.getNextPageToken()).isEmpty();
    QueryResponse exact = page(stub, first.toBuilder().setPageSize(5).build());
    assertThat(exact.getEventsCount()).isEqualTo(5);
    assertThat(exact.getNextPageToken()).isEmpty();
  }

  @Test
  void QRY_6_tokenUsedWithAnotherTenantFilterOrOrderIsInvalidArgument(
      ChaukasServerServiceBlockingStub stub) {
    ingestAll(stub, event("a", 1), event("b", 2), event("c", 3));
    QueryRequest first = queryOf(TENANT).setOrderByTime(SortOrder.SORT_ORDER_ASC).setPageSize(1).build();
    String token = page(stub, first).getNextPageToken();
    QueryRequest next = first.toBuilder().setPageToken(token).build();
    assertThat(ids(page(stub, next).getEventsList())).containsExactly("b");

    List<QueryRequest> misuses = new ArrayList<>();
    misuses.add(next.toBuilder().setFilter(next.getFilter().toBuilder().setTenantId(OTHER_TENANT)).build());
    misuses.add(next.toBuilder().setFilter(next.getFilter().toBuilder().setProjectId("project-x")).build());
    misuses.add(next.toBuilder().setFilter(next.getFilter().toBuilder().setTextQuery("a")).build());
    misuses.add(next.toBuilder().setOrderByTime(SortOrder.SORT_ORDER_DESC).build());
    for (QueryRequest misuse : misuses) {
      assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> page(stub, misuse)))
          .contains("another tenant, filter or sort order");
    }
  }

  @Test
  void QRY_6_unspecifiedAndDescendingAreTheSameOrder(ChaukasServerServiceBlockingStub stub) {
    ingestAll(stub, event("a", 1), event("b", 2), event("c", 3));
    String token = page(stub, queryOf(TENANT).setPageSize(1).build()).getNextPageToken();
    QueryResponse rest =
        page(stub, queryOf(TENANT).setOrderByTime(SortOrder.SORT_ORDER_DESC).setPageToken(token).build());
    assertThat(ids(rest.getEventsList())).containsExactly("b", "a");
  }

  @Test
  void QRY_6_malformedTokenIsInvalidArgument(ChaukasServerServiceBlockingStub stub) {
    ingestAll(stub, event("a", 1), event("b", 2));
    String token = page(stub, queryOf(TENANT).setPageSize(1).build()).getNextPageToken();
    byte[] raw = Base64.getUrlDecoder().decode(token);
    List<String> malformed =
        List.of(
            "not base64!",
            Base64.getUrlEncoder().encodeToString(new byte[] {1, 2, 3}),
            Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(raw, raw.length - 1)),
            Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(raw, raw.length + 1)));
    for (String bad : malformed) {
      assertThat(
              failsWith(
                  Status.Code.INVALID_ARGUMENT,
                  () -> page(stub, queryOf(TENANT).setPageToken(bad).build())))
          // Cut or extended, a token no longer carries its store's mac.
          .containsAnyOf("malformed", "not issued by this store")
          .contains("pass next_page_token exactly as received");
    }
  }

  @Test
  void QRY_7_pagingIsStableWhileEventsArrive(ChaukasServerServiceBlockingStub stub) {
    for (int i = 0; i < 10; i++) {
      ingest(stub, event("e-" + i, 10 + i).build());
    }
    for (SortOrder order : List.of(SortOrder.SORT_ORDER_ASC, SortOrder.SORT_ORDER_DESC)) {
      QueryRequest query = queryOf(TENANT).setOrderByTime(order).setPageSize(3).build();
      List<String> seen = new ArrayList<>();
      QueryResponse current = page(stub, query);
      int arrivals = 0;
      while (true) {
        seen.addAll(ids(current.getEventsList()));
        // New events before, between and after the existing ones, including the same timestamps.
        for (long seconds : new long[] {5, 13, 14, 30}) {
          ingest(stub, event(order + "-new-" + arrivals++, seconds).build());
        }
        if (current.getNextPageToken().isEmpty()) {
          break;
        }
        current = page(stub, query.toBuilder().setPageToken(current.getNextPageToken()).build());
      }
      assertThat(seen).doesNotHaveDuplicates();
      assertThat(seen).containsAll(IntStream.range(0, 10).mapToObj(i -> "e-" + i).toList());
    }
  }
}

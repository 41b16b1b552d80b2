package ai.chaukas.spec.testkit.conformance;

import static ai.chaukas.spec.testkit.conformance.CheckDefinition.check;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.Severity;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/** QRY-1 to QRY-5: tenant required, filters, time ranges, order and page sizes. */
final class QueryChecks {

  private QueryChecks() {}

  static List<CheckDefinition> all() {
    return List.of(
        check("QRY-1", "queryWithoutTenantIsInvalidArgument",
            QueryChecks::queryWithoutTenantIsInvalidArgument),
        check("QRY-2", "exactFieldsMatchExactly", QueryChecks::exactFieldsMatchExactly),
        check("QRY-2", "enumListsMatchAnyListedValue", QueryChecks::enumListsMatchAnyListedValue),
        check("QRY-2", "tagsMatchEventsCarryingAllOfThem", QueryChecks::tagsMatchEventsCarryingAllOfThem),
        check("QRY-2", "textQueryIsACaseInsensitiveSubstringOfAnyString",
            QueryChecks::textQueryIsACaseInsensitiveSubstringOfAnyString),
        check("QRY-3", "timeRangeIsHalfOpen", QueryChecks::timeRangeIsHalfOpen),
        check("QRY-3", "unsetBoundIsOpen", QueryChecks::unsetBoundIsOpen),
        check("QRY-3", "startNotBeforeEndMatchesNothing", QueryChecks::startNotBeforeEndMatchesNothing),
        check("QRY-4", "ascendingByTimestampThenEventId", QueryChecks::ascendingByTimestampThenEventId),
        check("QRY-4", "descendingByTimestampThenEventId", QueryChecks::descendingByTimestampThenEventId),
        check("QRY-4", "unspecifiedOrderMeansDescending", QueryChecks::unspecifiedOrderMeansDescending),
        check("QRY-4", "equalTimestampsAreOrderedByEventIdCodePoints",
            QueryChecks::equalTimestampsAreOrderedByEventIdCodePoints),
        check("QRY-5", "pageSizeZeroMeans100AndAbove1000Means1000",
            QueryChecks::pageSizeZeroMeans100AndAbove1000Means1000),
        check("QRY-5", "negativePageSizeIsInvalidArgument", QueryChecks::negativePageSizeIsInvalidArgument));
  }

  static void queryWithoutTenantIsInvalidArgument(Scope s) {
    s.ingest(s.event("e-1", 1).build());
    s.invalid("QueryEvents without query",
        () -> s.server().queryEvents(QueryEventsRequest.getDefaultInstance()),
        "query.filter.tenant_id");
    QueryRequest projectOnly =
        QueryRequest.newBuilder()
            .setFilter(QueryFilter.newBuilder().setProjectId(Scope.PROJECT).setSessionId("session-1"))
            .build();
    s.invalid("QueryEvents with project_id and session_id but no tenant_id",
        () -> s.page(projectOnly), "query.filter.tenant_id");
    s.invalid("QueryEvents without tenant_id under the client name",
        () -> ServiceChecks.clientQuery(s, projectOnly), "query.filter.tenant_id");
  }

  static void exactFieldsMatchExactly(Scope s) {
    s.ingestAll(
        s.event("plain", 1),
        s.event("project", 2).setProjectId(Scope.PROJECT + "-other"),
        s.event("session", 3).setSessionId("session-2"),
        s.event("agent", 4).setAgentId("agent-7"),
        s.event("span", 5).setSpanId("span-7"),
        s.event("trace", 6).setTraceId("trace-7"));
    Expect.ids(matching(s, f -> f.setProjectId(Scope.PROJECT + "-other")), "project_id filter", "project");
    Expect.ids(matching(s, f -> f.setSessionId("session-2")), "session_id filter", "session");
    Expect.ids(matching(s, f -> f.setAgentId("agent-7")), "agent_id filter", "agent");
    Expect.ids(matching(s, f -> f.setSpanId("span-7")), "span_id filter", "span");
    Expect.ids(matching(s, f -> f.setTraceId("trace-7")), "trace_id filter", "trace");
    Expect.ids(matching(s, f -> f.setTraceId("trace")), "trace_id filter \"trace\" (a prefix)");
    Expect.ids(matching(s, f -> f.setProjectId(Scope.PROJECT).setSessionId("session-1")),
        "project_id and session_id filter", "plain", "agent", "span", "trace");
    Expect.equal(6, matching(s, f -> f).size(), "no filter but the tenant: events");
  }

  static void enumListsMatchAnyListedValue(Scope s) {
    s.ingestAll(
        s.event("start", 1),
        s.event("end", 2).setType(EventType.EVENT_TYPE_AGENT_END).setStatus(EventStatus.EVENT_STATUS_COMPLETED),
        s.event("warn", 3).setSeverity(Severity.SEVERITY_WARN),
        s.event("failed", 4).setType(EventType.EVENT_TYPE_AGENT_END).setStatus(EventStatus.EVENT_STATUS_FAILED));
    Expect.ids(matching(s, f -> f.addTypes(EventType.EVENT_TYPE_AGENT_END)),
        "types [AGENT_END]", "end", "failed");
    Expect.ids(
        matching(s, f -> f.addTypes(EventType.EVENT_TYPE_AGENT_END).addTypes(EventType.EVENT_TYPE_AGENT_START)),
        "types [AGENT_END, AGENT_START]", "start", "end", "warn", "failed");
    Expect.ids(
        matching(s, f -> f.addStatuses(EventStatus.EVENT_STATUS_COMPLETED)
            .addStatuses(EventStatus.EVENT_STATUS_FAILED)),
        "statuses [COMPLETED, FAILED]", "end", "failed");
    Expect.ids(matching(s, f -> f.addSeverities(Severity.SEVERITY_WARN)), "severities [WARN]", "warn");
    Expect.ids(
        matching(s, f -> f.addTypes(EventType.EVENT_TYPE_AGENT_END).addStatuses(EventStatus.EVENT_STATUS_FAILED)),
        "types [AGENT_END] and statuses [FAILED]", "failed");
  }

  static void tagsMatchEventsCarryingAllOfThem(Scope s) {
    s.ingestAll(
        s.event("none", 1),
        s.event("a", 2).addTags("a"),
        s.event("ab", 3).addTags("b").addTags("a"),
        s.event("abc", 4).addTags("a").addTags("b").addTags("c"));
    Expect.ids(matching(s, f -> f.addTags("a")), "tags [a]", "a", "ab", "abc");
    Expect.ids(matching(s, f -> f.addTags("a").addTags("b")), "tags [a, b]", "ab", "abc");
    Expect.ids(matching(s, f -> f.addTags("c").addTags("a")), "tags [c, a]", "abc");
    Expect.ids(matching(s, f -> f.addTags("d")), "tags [d]");
  }

  static void textQueryIsACaseInsensitiveSubstringOfAnyString(Scope s) {
    Struct nested =
        Struct.newBuilder()
            .putFields("messages", Value.newBuilder().setListValue(ListValue.newBuilder()
                .addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
                    .putFields("content", Value.newBuilder().setStringValue("Deep Needle inside").build())))
                ).build())
            .build();
    s.ingestAll(
        s.event("top", 1).setAgentName("The NEEDLE agent"),
        s.event("content", 2)
            .setType(EventType.EVENT_TYPE_TOOL_CALL_START)
            .setToolCall(ToolCall.newBuilder().setName("find-needles")),
        s.event("repeated", 3).addTags("x").addTags("hayneedlestack"),
        s.event("struct", 4).setMetadata(nested),
        s.event("none", 5).setAgentName("haystack"),
        s.event("message", 6)
            .setType(EventType.EVENT_TYPE_INPUT_RECEIVED)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setMessage(MessageContent.newBuilder().setText("a nEeDlE")));
    List<String> all = List.of("top", "content", "repeated", "struct", "message");
    Expect.ids(matching(s, f -> f.setTextQuery("needle")), "text_query \"needle\"", all);
    Expect.ids(matching(s, f -> f.setTextQuery("NEEDLE")), "text_query \"NEEDLE\"", all);
    Expect.ids(matching(s, f -> f.setTextQuery("needle").addTags("x")),
        "text_query \"needle\" and tags [x]", "repeated");
    Expect.ids(matching(s, f -> f.setTextQuery("no such text")), "text_query \"no such text\"");
  }

  static void timeRangeIsHalfOpen(Scope s) {
    s.ingestAll(s.event("t1", 1), s.event("t2", 2), s.event("t3", 3), s.event("t3b", 3).setTimestamp(s.at(3, 1)));
    Expect.ids(matching(s, f -> f.setTime(TimeRange.newBuilder().setStart(s.at(2)).setEnd(s.at(3)))),
        "time [t2, t3)", "t2");
    Expect.ids(matching(s, f -> f.setTime(TimeRange.newBuilder().setStart(s.at(2)).setEnd(s.at(3, 1)))),
        "time [t2, t3 + 1 ns)", "t2", "t3");
    Expect.ids(matching(s, f -> f.setTime(TimeRange.newBuilder().setStart(s.at(3, 1)).setEnd(s.at(4)))),
        "time [t3 + 1 ns, t4)", "t3b");
  }

  static void unsetBoundIsOpen(Scope s) {
    s.ingestAll(s.event("t1", 1), s.event("t2", 2), s.event("t3", 3));
    Expect.ids(matching(s, f -> f.setTime(TimeRange.newBuilder().setStart(s.at(2)))),
        "time [t2, unset)", "t2", "t3");
    Expect.ids(matching(s, f -> f.setTime(TimeRange.newBuilder().setEnd(s.at(2)))),
        "time [unset, t2)", "t1");
    Expect.ids(matching(s, f -> f.setTime(TimeRange.getDefaultInstance())),
        "time with neither bound", "t1", "t2", "t3");
  }

  static void startNotBeforeEndMatchesNothing(Scope s) {
    s.ingestAll(s.event("t1", 1), s.event("t2", 2), s.event("t3", 3));
    Expect.ids(matching(s, f -> f.setTime(TimeRange.newBuilder().setStart(s.at(2)).setEnd(s.at(2)))),
        "time [t2, t2)");
    Expect.ids(matching(s, f -> f.setTime(TimeRange.newBuilder().setStart(s.at(3)).setEnd(s.at(1)))),
        "time [t3, t1)");
  }

  /** Ties at one timestamp, and a timestamp that differs from its neighbour by nanoseconds only. */
  private static void ingestOrderingData(Scope s) {
    s.ingestAll(
        s.event("b", 2), s.event("c", 1), s.event("a", 2), s.event("d", 3),
        s.event("z", 1).setTimestamp(s.at(1, 5)), s.event("B", 2));
  }

  static void ascendingByTimestampThenEventId(Scope s) {
    expectOrderingData(s, SortOrder.SORT_ORDER_ASC, "c", "z", "B", "a", "b", "d");
  }

  static void descendingByTimestampThenEventId(Scope s) {
    expectOrderingData(s, SortOrder.SORT_ORDER_DESC, "d", "b", "a", "B", "z", "c");
  }

  /** The ordering data comes back in {@code expected} order, in one page and in pages of 2. */
  private static void expectOrderingData(Scope s, SortOrder order, String... expected) {
    ingestOrderingData(s);
    Expect.ids(s.ids(s.query().setOrderByTime(order)), order.name(), expected);
    Expect.ids(s.ids(s.query().setOrderByTime(order).setPageSize(2)), order.name() + " in pages of 2", expected);
  }

  static void unspecifiedOrderMeansDescending(Scope s) {
    ingestOrderingData(s);
    Expect.ids(s.ids(s.query()), "SORT_ORDER_UNSPECIFIED", "d", "b", "a", "B", "z", "c");
  }

  static void equalTimestampsAreOrderedByEventIdCodePoints(Scope s) {
    String replacement = "\uFFFD";
    String emoji = "\uD83D\uDE00"; // U+1F600: after U+FFFD in code points, before it in UTF-16 units
    s.ingestAll(s.event(emoji, 1), s.event(replacement, 1), s.event("~", 1), s.event("a", 1), s.event("A", 1));
    Expect.ids(s.ids(s.query().setOrderByTime(SortOrder.SORT_ORDER_ASC)),
        "SORT_ORDER_ASC of ids [U+1F600, U+FFFD, ~, a, A] at one timestamp",
        "A", "a", "~", replacement, emoji);
    Expect.ids(s.ids(s.query().setOrderByTime(SortOrder.SORT_ORDER_DESC)),
        "SORT_ORDER_DESC of the same", emoji, replacement, "~", "a", "A");
  }

  static void pageSizeZeroMeans100AndAbove1000Means1000(Scope s) {
    List<Event> events =
        IntStream.range(0, 1001)
            .mapToObj(i -> s.event(String.format("e-%04d", i), i).build())
            .toList();
    Expect.equal(1001, s.batch("many", events).getAcceptedCount(), "accepted_count of 1001 events");
    Expect.equal(100, s.page(s.query().build()).getEventsCount(), "events on a page of page_size 0");
    Expect.equal(1000, s.page(s.query().setPageSize(5000).build()).getEventsCount(),
        "events on a page of page_size 5000");
    Expect.equal(1000, s.page(s.query().setPageSize(1000).build()).getEventsCount(),
        "events on a page of page_size 1000");
    Expect.equal(7, s.page(s.query().setPageSize(7).build()).getEventsCount(),
        "events on a page of page_size 7");
  }

  static void negativePageSizeIsInvalidArgument(Scope s) {
    s.ingest(s.event("e-1", 1).build());
    s.invalid("QueryEvents with page_size -1",
        () -> s.page(s.query().setPageSize(-1).build()), "query.page_size");
  }

  /** Ids of the tenant's events that match the filter, in ascending order, over all pages. */
  private static List<String> matching(Scope s, UnaryOperator<QueryFilter.Builder> filter) {
    return s.ids(
        s.ascending().setFilter(filter.apply(QueryFilter.newBuilder().setTenantId(s.tenant()))));
  }
}

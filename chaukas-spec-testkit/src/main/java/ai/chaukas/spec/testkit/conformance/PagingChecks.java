package ai.chaukas.spec.testkit.conformance;

import static ai.chaukas.spec.testkit.conformance.CheckDefinition.check;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.common.v1.SortOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** QRY-6 and QRY-7: page tokens and stable paging. */
final class PagingChecks {

  /** The field a refused token is named by, as a path from QueryEventsRequest. */
  private static final String PAGE_TOKEN = "query.page_token";

  private PagingChecks() {}

  static List<CheckDefinition> all() {
    return List.of(
        check("QRY-6", "tokenIsEmptyOnlyOnTheLastPageAndPageSizeMayChange",
            PagingChecks::tokenIsEmptyOnlyOnTheLastPageAndPageSizeMayChange),
        check("QRY-6", "tokenUsedWithAnotherTenantFilterOrOrderIsInvalidArgument",
            PagingChecks::tokenUsedWithAnotherTenantFilterOrOrderIsInvalidArgument),
        check("QRY-6", "malformedTokenIsInvalidArgument", PagingChecks::malformedTokenIsInvalidArgument),
        check("QRY-7", "pagesReturnEveryEventExactlyOnce", PagingChecks::pagesReturnEveryEventExactlyOnce),
        check("QRY-7", "pagingIsStableWhileEventsArrive", PagingChecks::pagingIsStableWhileEventsArrive));
  }

  static void tokenIsEmptyOnlyOnTheLastPageAndPageSizeMayChange(Scope s) {
    s.ingestAll(s.event("a", 1), s.event("b", 2), s.event("c", 3), s.event("d", 4), s.event("e", 5));
    QueryRequest first = s.ascending().setPageSize(2).build();
    QueryResponse one = s.page(first);
    Expect.ids(Expect.ids(one.getEventsList()), "first page of page_size 2", "a", "b");
    Expect.that(!one.getNextPageToken().isEmpty(),
        "next_page_token is empty after the first 2 of 5 events");
    QueryResponse two =
        s.page(first.toBuilder().setPageToken(one.getNextPageToken()).setPageSize(3).build());
    Expect.ids(Expect.ids(two.getEventsList()), "second page, page_size changed to 3", "c", "d", "e");
    Expect.that(two.getNextPageToken().isEmpty(),
        "next_page_token is not empty on the last page (every event has been returned)");
    QueryResponse exact = s.page(first.toBuilder().setPageSize(5).build());
    Expect.equal(5, exact.getEventsCount(), "events on a page of page_size 5 of 5 events");
    Expect.that(exact.getNextPageToken().isEmpty(),
        "next_page_token is not empty on a page that holds all 5 of 5 events");
  }

  static void tokenUsedWithAnotherTenantFilterOrOrderIsInvalidArgument(Scope s) {
    s.ingestAll(s.event("a", 1), s.event("b", 2), s.event("c", 3));
    QueryRequest first = s.ascending().setPageSize(1).build();
    String token = s.page(first).getNextPageToken();
    Expect.that(!token.isEmpty(), "next_page_token is empty after the first of 3 events");
    QueryRequest next = first.toBuilder().setPageToken(token).build();
    Expect.ids(Expect.ids(s.page(next).getEventsList()), "second page with its token", "b");

    s.invalid("QueryEvents with a token of another tenant",
        () -> s.page(next.toBuilder()
            .setFilter(next.getFilter().toBuilder().setTenantId(s.otherTenant())).build()),
        PAGE_TOKEN);
    s.invalid("QueryEvents with a token and an added project_id filter",
        () -> s.page(next.toBuilder()
            .setFilter(next.getFilter().toBuilder().setProjectId(Scope.PROJECT)).build()),
        PAGE_TOKEN);
    s.invalid("QueryEvents with a token and an added text_query",
        () -> s.page(next.toBuilder()
            .setFilter(next.getFilter().toBuilder().setTextQuery("a")).build()),
        PAGE_TOKEN);
    s.invalid("QueryEvents with a token of SORT_ORDER_ASC, now DESC",
        () -> s.page(next.toBuilder().setOrderByTime(SortOrder.SORT_ORDER_DESC).build()),
        PAGE_TOKEN);
  }

  static void malformedTokenIsInvalidArgument(Scope s) {
    s.ingestAll(s.event("a", 1), s.event("b", 2));
    String token = s.page(s.query().setPageSize(1).build()).getNextPageToken();
    Expect.that(!token.isEmpty(), "next_page_token is empty after the first of 2 events");
    s.invalid("QueryEvents with page_token \"~not a page token~\"",
        () -> s.page(s.query().setPageToken("~not a page token~").build()), PAGE_TOKEN);
    s.invalid("QueryEvents with a real token followed by \"~~\"",
        () -> s.page(s.query().setPageToken(token + "~~").build()), PAGE_TOKEN);
    // A token is the server's word on where the next page starts: one altered is not believed.
    int middle = token.length() / 2;
    String altered = token.substring(0, middle)
        + (token.charAt(middle) == 'A' ? 'B' : 'A') + token.substring(middle + 1);
    s.invalid("QueryEvents with a real token whose character " + middle + " is changed",
        () -> s.page(s.query().setPageToken(altered).build()), PAGE_TOKEN);
  }

  static void pagesReturnEveryEventExactlyOnce(Scope s) {
    // Five events on each of five timestamps: a server that pages by timestamp alone, or counts an
    // offset wrongly, loses or repeats some of them.
    List<String> ascending = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    for (int second = 1; second <= 5; second++) {
      for (char id = 'a'; id <= 'e'; id++) {
        String eventId = second + "-" + id;
        ascending.add(eventId);
        events.add(s.event(eventId, second).build());
      }
    }
    Expect.equal(25, s.batch("b-1", events).getAcceptedCount(), "accepted_count of 25 events");
    List<String> descending = new ArrayList<>(ascending);
    Collections.reverse(descending);
    for (int pageSize : new int[] {1, 3, 7, 25}) {
      Expect.ids(s.ids(s.ascending().setPageSize(pageSize)),
          "SORT_ORDER_ASC in pages of " + pageSize, ascending);
      Expect.ids(s.ids(s.query().setOrderByTime(SortOrder.SORT_ORDER_DESC).setPageSize(pageSize)),
          "SORT_ORDER_DESC in pages of " + pageSize, descending);
    }
  }

  static void pagingIsStableWhileEventsArrive(Scope s) {
    for (int i = 0; i < 10; i++) {
      s.ingest(s.event("e-" + i, 10 + i).build());
    }
    List<String> existing = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      existing.add("e-" + i);
    }
    for (SortOrder order : List.of(SortOrder.SORT_ORDER_ASC, SortOrder.SORT_ORDER_DESC)) {
      QueryRequest query = s.query().setOrderByTime(order).setPageSize(3).build();
      List<String> seen = new ArrayList<>();
      QueryResponse current = s.page(query);
      int arrivals = 0;
      for (int pages = 1; ; pages++) {
        seen.addAll(Expect.ids(current.getEventsList()));
        // New events before, between and after the existing ones, some on the same timestamps.
        for (long second : new long[] {5, 13, 14, 30}) {
          s.ingest(s.event(order.name() + "-new-" + arrivals++, second).build());
        }
        if (current.getNextPageToken().isEmpty()) {
          break;
        }
        Expect.that(pages < 100, "%s: next_page_token did not end after 100 pages", order.name());
        current = s.page(query.toBuilder().setPageToken(current.getNextPageToken()).build());
      }
      Set<String> unique = new HashSet<>();
      List<String> repeated = seen.stream().filter(id -> !unique.add(id)).toList();
      Expect.that(repeated.isEmpty(), "%s in pages of 3 while events arrive: returned twice: %s",
          order.name(), repeated);
      List<String> missing = existing.stream().filter(id -> !unique.contains(id)).toList();
      Expect.that(missing.isEmpty(),
          "%s in pages of 3 while events arrive: events that existed before the first page but were"
              + " never returned: %s", order.name(), missing);
    }
  }
}

package ai.chaukas.spec.toolkit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.Event;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TraceContextTest {

  private static Supplier<String> ids(String... values) {
    Iterator<String> it = List.of(values).iterator();
    return it::next;
  }

  @Test
  void newSessionTakesSessionThenTraceIdFromTheSourceAndHasNoParent() {
    TraceContext session = TraceContext.newSession("tenant-a", "project-x", ids("s-1", "t-1"));

    assertThat(session)
        .isEqualTo(new TraceContext("tenant-a", "project-x", "s-1", "t-1", ""));
  }

  @Test
  void childSetsOnlyTheParentAndLeavesTheOriginalUnchanged() {
    TraceContext session = new TraceContext("tenant-a", "project-x", "s-1", "t-1", "");

    TraceContext child = session.child("span-1");
    TraceContext grandChild = child.child("span-2");

    assertThat(child).isEqualTo(new TraceContext("tenant-a", "project-x", "s-1", "t-1", "span-1"));
    assertThat(grandChild.parentSpanId()).isEqualTo("span-2");
    assertThat(session.parentSpanId()).isEmpty();
    assertThat(child.parentSpanId()).isEqualTo("span-1");
  }

  @Test
  void childOfAnEventUsesItsSpan() {
    TraceContext session = new TraceContext("tenant-a", "project-x", "s-1", "t-1", "");
    Event parent =
        Event.newBuilder().setSessionId("s-1").setTraceId("t-1").setSpanId("span-9").build();

    assertThat(session.child(parent).parentSpanId()).isEqualTo("span-9");
  }

  @Test
  void childOfAnEventFromAnotherSessionOrTraceIsRejected() {
    TraceContext session = new TraceContext("tenant-a", "project-x", "s-1", "t-1", "");
    Event otherSession =
        Event.newBuilder().setSessionId("s-2").setTraceId("t-1").setSpanId("span-9").build();
    Event otherTrace =
        Event.newBuilder().setSessionId("s-1").setTraceId("t-2").setSpanId("span-9").build();

    assertThatThrownBy(() -> session.child(otherSession))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s-2");
    assertThatThrownBy(() -> session.child(otherTrace))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t-2");
  }

  @Test
  void childOfAnEmptySpanIsRejected() {
    TraceContext session = new TraceContext("", "", "s-1", "t-1", "");

    assertThatThrownBy(() -> session.child(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> session.child(Event.newBuilder().setSessionId("s-1").setTraceId("t-1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requiresASessionIdAndNoNulls() {
    assertThatThrownBy(() -> new TraceContext("", "", "", "t-1", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session id");
    assertThatThrownBy(() -> new TraceContext(null, "", "s-1", "t-1", ""))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tenantId");
    assertThatThrownBy(() -> new TraceContext("", "", "s-1", "t-1", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("parentSpanId");
  }

  @Test
  void rejectsAnIdSourceThatReturnsNothing() {
    assertThatThrownBy(() -> TraceContext.newSession("", "", ids("")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("non-empty");
    assertThatThrownBy(() -> TraceContext.newSession("", "", () -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("null");
  }
}

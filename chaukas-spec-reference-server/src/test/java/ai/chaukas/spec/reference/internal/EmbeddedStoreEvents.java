package ai.chaukas.spec.reference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import ai.chaukas.spec.toolkit.validation.ValidationOptions;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Events as the service hands them to a store, and what scans return, for the store tests. */
final class EmbeddedStoreEvents {

  private static final EventValidator VALIDATOR =
      EventValidator.of(ValidationOptions.builder().requireTenant(true).build());

  /** A commit listener that ignores commits. */
  static final EventStore.CommitListener NO_LISTENER = (events, nanos) -> {};

  private EmbeddedStoreEvents() {}

  /** {@code event} as validated from its bytes: a valid SerializedEvent. */
  static SerializedEvent serialized(Event event) {
    return serialized(event.toByteArray());
  }

  static SerializedEvent serialized(byte[] bytes) {
    try {
      SerializedEvent event = VALIDATOR.validateSerialized(bytes, 0, bytes.length);
      assertThat(event.violations()).isEmpty();
      return event;
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  static List<SerializedEvent> serialized(List<Event> events) {
    return events.stream().map(EmbeddedStoreEvents::serialized).toList();
  }

  /** Every position and event of a scan, read to its end. */
  static List<EventStore.Stored> scanAll(
      EventStore store, String tenant, QueryFilter filter, Position after, boolean ascending)
      throws IOException {
    List<EventStore.Stored> all = new ArrayList<>();
    try (EventStore.Cursor cursor = store.scan(tenant, filter, after, ascending)) {
      cursor.forEachRemaining(all::add);
    }
    return all;
  }

  static QueryFilter everything(String tenant) {
    return QueryFilter.newBuilder().setTenantId(tenant).setTime(TimeRange.getDefaultInstance()).build();
  }
}

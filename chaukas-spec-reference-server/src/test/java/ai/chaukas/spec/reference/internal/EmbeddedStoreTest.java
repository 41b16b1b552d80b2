package ai.chaukas.spec.reference.internal;

import static ai.chaukas.spec.reference.internal.EmbeddedStoreEvents.NO_LISTENER;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreEvents.everything;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreEvents.scanAll;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreEvents.serialized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.reference.internal.EventStore.Outcome;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on disk: durable, idempotent, ordered, one server per directory. */
class EmbeddedStoreTest {

  private static final String TENANT = SampleEvents.TENANT;

  @TempDir Path directory;

  @Test
  void storedBytesAndSizeSurviveReopen() throws Exception {
    List<byte[]> sent = new ArrayList<>();
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      List<SerializedEvent> events = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        byte[] bytes = SampleEvents.event("e-" + i, 1_764_000_000L + i)
            .setSessionId("session-" + i % 3).setAgentName("agent " + i).build().toByteArray();
        sent.add(bytes);
        events.add(serialized(bytes));
      }
      assertThat(store.store(events, 0).join()).containsOnly(Outcome.STORED).hasSize(20);
      assertThat(store.size()).isEqualTo(20);
    }
    assertThat(directory.resolve("events.db")).exists();
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      assertThat(store.size()).isEqualTo(20);
      List<EventStore.Stored> stored = scanAll(store, TENANT, everything(TENANT), null, true);
      assertThat(stored).hasSize(20);
      for (int i = 0; i < 20; i++) {
        // Timestamps ascend with i, so the scan is in the order sent.
        assertThat(stored.get(i).event().toByteArray()).isEqualTo(sent.get(i));
        assertThat(store.event(TENANT, stored.get(i).event().getEventId()).orElseThrow().toByteArray())
            .isEqualTo(sent.get(i));
      }
    }
  }

  @Test
  void duplicatesAndConflictsWithinOneCall() throws Exception {
    Event first = SampleEvents.event("e-1", 1_764_000_000L).build();
    Event same = first;
    Event different = first.toBuilder().setAgentName("someone else").build();
    Event otherTenant = first.toBuilder().setTenantId(SampleEvents.OTHER_TENANT).setAgentName("x").build();
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      List<Outcome> outcomes =
          store.store(serialized(List.of(first, same, different, otherTenant)), 0).join();
      assertThat(outcomes)
          .containsExactly(Outcome.STORED, Outcome.DUPLICATE, Outcome.CONFLICT, Outcome.STORED);
      assertThat(store.store(serialized(List.of(different, first)), 0).join())
          .containsExactly(Outcome.CONFLICT, Outcome.DUPLICATE);
      assertThat(store.size()).isEqualTo(2);
      assertThat(store.event(TENANT, "e-1")).contains(first);
      assertThat(store.event(SampleEvents.OTHER_TENANT, "e-1")).contains(otherTenant);
    }
  }

  @Test
  void sameContentInOtherBytesIsADuplicate() throws Exception {
    Event first = SampleEvents.event("e-1", 1_764_000_000L).build();
    // The same fields written in another order: other bytes, an equal message.
    byte[] reordered =
        ByteString.copyFrom(first.toBuilder().clearEventId().build().toByteArray())
            .concat(Event.newBuilder().setEventId("e-1").build().toByteString())
            .toByteArray();
    assertThat(reordered).isNotEqualTo(first.toByteArray());
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      store.store(List.of(serialized(first)), 0).join();
      assertThat(store.store(List.of(serialized(reordered)), 0).join()).containsExactly(Outcome.DUPLICATE);
      assertThat(store.events(TENANT).get(0).toByteArray()).isEqualTo(first.toByteArray());
    }
  }

  @Test
  void concurrentCopiesOfOneIdAreStoredOnce() throws Exception {
    Event original = SampleEvents.event("e-1", 1_764_000_000L).build();
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      List<Event> copies = new ArrayList<>();
      List<CompletableFuture<List<Outcome>>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Event copy = i % 2 == 0 ? original : original.toBuilder().setAgentName("variant " + i).build();
        copies.add(copy);
        calls.add(store.store(List.of(serialized(copy)), 0));
      }
      List<Outcome> outcomes = calls.stream().map(call -> call.join().get(0)).toList();
      assertThat(outcomes).filteredOn(o -> o == Outcome.STORED).hasSize(1);
      assertThat(store.size()).isEqualTo(1);
      Event stored = store.event(TENANT, "e-1").orElseThrow();
      for (int i = 0; i < 20; i++) {
        Outcome expected = outcomes.get(i) == Outcome.STORED ? Outcome.STORED
            : copies.get(i).equals(stored) ? Outcome.DUPLICATE : Outcome.CONFLICT;
        assertThat(outcomes.get(i)).as("call %d", i).isEqualTo(expected);
      }
    }
  }

  @Test
  void ordersEventIdsByCodePointBothWays() throws Exception {
    List<String> ids = new ArrayList<>(
        List.of("a", "\u00e9", "\uE000", "\uFFFD", "\uFFFF", "\uD800\uDC00", "\uD83D\uDE00",
            "\uDBFF\uDFFF", "a\uD83D\uDE00", "a\uFFFD", "b"));
    Collections.shuffle(ids, new java.util.Random(7));
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      List<Event> events = ids.stream().map(id -> SampleEvents.event(id, 1_764_000_000L).build()).toList();
      store.store(serialized(events), 0).join();
      List<String> expected = new ArrayList<>(ids);
      expected.sort(Position::compareCodePoints);
      assertThat(store.events(TENANT).stream().map(Event::getEventId)).containsExactlyElementsOf(expected);
      List<String> descending = scanAll(store, TENANT, everything(TENANT), null, false).stream()
          .map(s -> s.event().getEventId()).toList();
      Collections.reverse(expected);
      assertThat(descending).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void pagingWithAfterFollowsTheMemoryStoreOrder() throws Exception {
    java.util.Random random = new java.util.Random(11);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String id = "id-" + (char) ('a' + random.nextInt(3)) + (random.nextBoolean() ? "\uD83D\uDE00" : "\uFFFD") + i;
      events.add(SampleEvents.event(id, 1_764_000_000L + random.nextInt(50)).build());
    }
    MemoryStore memory = new MemoryStore(Long.MAX_VALUE, Long.MAX_VALUE);
    memory.store(serialized(events), 0).join();
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      store.store(serialized(events), 0).join();
      for (boolean ascending : new boolean[] {true, false}) {
        List<EventStore.Stored> expected = scanAll(memory, TENANT, everything(TENANT), null, ascending);
        List<EventStore.Stored> pages = new ArrayList<>();
        Position after = null;
        while (true) {
          List<EventStore.Stored> page = new ArrayList<>();
          try (EventStore.Cursor cursor = store.scan(TENANT, everything(TENANT), after, ascending)) {
            while (page.size() < 97 && cursor.hasNext()) {
              page.add(cursor.next());
            }
          }
          if (page.isEmpty()) {
            break;
          }
          pages.addAll(page);
          after = page.get(page.size() - 1).position();
        }
        assertThat(pages).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void concurrentCallersShareCommits() throws Exception {
    AtomicInteger commits = new AtomicInteger();
    AtomicInteger committedEvents = new AtomicInteger();
    int callers = 50;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try (EmbeddedStore store = EmbeddedStore.open(directory, (events, nanos) -> {
      commits.incrementAndGet();
      committedEvents.addAndGet(events);
    })) {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<List<Outcome>>> calls = Collections.synchronizedList(new ArrayList<>());
      List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        Event event = SampleEvents.event("e-" + i, 1_764_000_000L + i).build();
        submitted.add(pool.submit(() -> {
          start.await();
          calls.add(store.store(List.of(serialized(event)), 0));
          return null;
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> f : submitted) {
        f.get();
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertThat(calls).allSatisfy(call -> assertThat(call.join()).containsExactly(Outcome.STORED));
      assertThat(committedEvents.get()).isEqualTo(callers);
      assertThat(commits.get()).isLessThan(callers);
      assertThat(store.pendingEvents()).isZero();
    } finally {
      pool.shutdown();
    }
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      assertThat(store.size()).isEqualTo(callers);
      for (int i = 0; i < callers; i++) {
        assertThat(store.event(TENANT, "e-" + i)).isPresent();
      }
    }
  }

  @Test
  void oneServerPerDirectory() throws Exception {
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      assertThatThrownBy(() -> EmbeddedStore.open(directory, NO_LISTENER))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another server uses the store in " + directory);
    }
    // Released on close.
    EmbeddedStore.open(directory, NO_LISTENER).close();
  }

  @Test
  void callsAfterCloseFail() throws Exception {
    EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER);
    CompletableFuture<List<Outcome>> queued =
        store.store(List.of(serialized(SampleEvents.event("e-1", 1_764_000_000L).build())), 0);
    store.close();
    store.close();
    assertThat(queued).isCompletedWithValue(List.of(Outcome.STORED));
    CompletableFuture<List<Outcome>> late =
        store.store(List.of(serialized(SampleEvents.event("e-2", 1_764_000_000L).build())), 0);
    assertThatThrownBy(late::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IOException.class)
        .hasMessageContaining("the store is closed");
    assertThatThrownBy(() -> store.scan(TENANT, everything(TENANT), null, true))
        .isInstanceOf(IOException.class).hasMessage("the store is closed");
    assertThatThrownBy(() -> store.event(TENANT, "e-1"))
        .isInstanceOf(IOException.class).hasMessage("the store is closed");
    assertThatThrownBy(store::clear).isInstanceOf(IOException.class).hasMessage("the store is closed");
  }

  @Test
  void aFailedCommitStoresNothingOfItsCalls() throws Exception {
    Event earlier = SampleEvents.event("e-0", 1_763_999_999L).build();
    Event first = SampleEvents.event("e-1", 1_764_000_000L).build();
    Event second = SampleEvents.event("e-2", 1_764_000_001L).build();
    Path log = directory.resolve("events.log");
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER);
        var other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("events.db"));
        var s = other.createStatement()) {
      assertThat(store.store(serialized(List.of(earlier)), 0).join()).containsExactly(Outcome.STORED);
      long logBefore = Files.size(log);
      assertThat(logBefore).isEqualTo(earlier.getSerializedSize());
      // Another connection holds the write lock: the writer's commit fails once it stops waiting.
      s.execute("BEGIN IMMEDIATE");
      CompletableFuture<List<Outcome>> blocked = store.store(serialized(List.of(first, second)), 0);
      assertThatThrownBy(blocked::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IOException.class)
          .hasMessageContaining("nothing was stored");
      s.execute("ROLLBACK");
      // The failed group's bytes were cut from the log.
      assertThat(Files.size(log)).isEqualTo(logBefore);
      assertThat(store.size()).isEqualTo(1);
      assertThat(store.events(TENANT)).containsExactly(earlier);
      assertThat(store.store(serialized(List.of(second)), 0).join()).containsExactly(Outcome.STORED);
      assertThat(store.events(TENANT)).containsExactly(earlier, second);
      assertThat(Files.size(log)).isEqualTo(logBefore + second.getSerializedSize());
    }
  }

  @Test
  void aFullWriteQueueRefusesACallAtOnceAndStoresNothingOfIt() throws Exception {
    List<SerializedEvent> first = serialized(List.of(SampleEvents.event("first", 1_764_000_000L).build()));
    List<SerializedEvent> filling = new ArrayList<>(EmbeddedStore.MAX_QUEUED_EVENTS - 1);
    for (int i = 0; i < EmbeddedStore.MAX_QUEUED_EVENTS - 1; i++) {
      filling.add(serialized(SampleEvents.event("fill-" + i, 1_764_000_001L).build()));
    }
    List<SerializedEvent> late = serialized(List.of(SampleEvents.event("late", 1_764_000_002L).build()));
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER);
        var other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("events.db"));
        var s = other.createStatement()) {
      // Another connection holds the write lock, so nothing leaves the queue meanwhile.
      s.execute("BEGIN IMMEDIATE");
      CompletableFuture<List<Outcome>> waiting = store.store(first, 0);
      CompletableFuture<List<Outcome>> fills = store.store(filling, 0);
      CompletableFuture<List<Outcome>> refused = store.store(late, 0);
      assertThat(fills).isNotDone();
      assertThat(refused).isCompletedExceptionally();
      assertThatThrownBy(refused::join)
          .hasCauseInstanceOf(EventStore.FullException.class)
          .hasMessageContaining("at most " + EmbeddedStore.MAX_QUEUED_EVENTS)
          .hasMessageContaining("nothing was stored, retry later");
      s.execute("ROLLBACK");
      waiting.handle((outcomes, error) -> null).join();
      assertThat(fills.join()).hasSize(EmbeddedStore.MAX_QUEUED_EVENTS - 1).containsOnly(Outcome.STORED);
      assertThat(store.event(TENANT, "late")).isEmpty();
      // Retried once the queue has drained, the refused call is stored.
      assertThat(store.store(late, 0).join()).containsExactly(Outcome.STORED);
    }
  }

  @Test
  void aLogTailNoRowReferencesIsCutAtOpen() throws Exception {
    Path log = directory.resolve("events.log");
    List<byte[]> sent = new ArrayList<>();
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      List<SerializedEvent> events = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        byte[] bytes = SampleEvents.event("e-" + i, 1_764_000_000L + i).build().toByteArray();
        sent.add(bytes);
        events.add(serialized(bytes));
      }
      store.store(events, 0).join();
    }
    long referenced = Files.size(log);
    assertThat(referenced).isEqualTo(sent.stream().mapToLong(b -> b.length).sum());
    // A crash after the log's sync and before the index commit leaves such a tail.
    Files.write(log, "garbage of a group never indexed".getBytes(), java.nio.file.StandardOpenOption.APPEND);
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      assertThat(Files.size(log)).isEqualTo(referenced);
      List<EventStore.Stored> stored = scanAll(store, TENANT, everything(TENANT), null, true);
      assertThat(stored).hasSize(5);
      for (int i = 0; i < 5; i++) {
        assertThat(stored.get(i).event().toByteArray()).isEqualTo(sent.get(i));
      }
      Event later = SampleEvents.event("e-5", 1_764_000_005L).build();
      assertThat(store.store(serialized(List.of(later)), 0).join()).containsExactly(Outcome.STORED);
      assertThat(Files.size(log)).isEqualTo(referenced + later.getSerializedSize());
      assertThat(store.event(TENANT, "e-5").orElseThrow().toByteArray()).isEqualTo(later.toByteArray());
      assertThat(store.event(TENANT, "e-4").orElseThrow().toByteArray()).isEqualTo(sent.get(4));
    }
  }

  @Test
  void aLogShorterThanItsIndexIsRefused() throws Exception {
    Path log = directory.resolve("events.log");
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      store.store(List.of(serialized(SampleEvents.event("e-1", 1_764_000_000L).build())), 0).join();
    }
    try (var channel = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 3);
    }
    assertThatThrownBy(() -> EmbeddedStore.open(directory, NO_LISTENER))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(log.toString())
        .hasMessageContaining(directory.resolve("events.db").toString());
    // The failed open released the directory and changed nothing: it fails the same way again.
    assertThatThrownBy(() -> EmbeddedStore.open(directory, NO_LISTENER))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(log.toString());
  }

  @Test
  void clearForgetsEverything() throws Exception {
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      store.store(List.of(serialized(SampleEvents.event("e-1", 1_764_000_000L).build())), 0).join();
      store.clear();
      assertThat(store.size()).isZero();
      assertThat(store.events(TENANT)).isEmpty();
      assertThat(Files.size(directory.resolve("events.log"))).isZero();
      store.store(List.of(serialized(SampleEvents.event("e-1", 1_764_000_000L).build())), 0).join();
      assertThat(store.size()).isEqualTo(1);
    }
  }

  @Test
  void refusesAnotherSchemaVersion() throws Exception {
    EmbeddedStore.open(directory, NO_LISTENER).close();
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("events.db"));
        var s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }
    assertThatThrownBy(() -> EmbeddedStore.open(directory, NO_LISTENER))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(directory.resolve("events.db").toString())
        .hasMessageContaining("schema version 99");
    // The failed open released the directory.
    Files.writeString(directory.resolve("events.db"), "not a database, but long enough to be read as a header.......");
    assertThatThrownBy(() -> EmbeddedStore.open(directory, NO_LISTENER))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(directory.resolve("events.db").toString());
  }
}

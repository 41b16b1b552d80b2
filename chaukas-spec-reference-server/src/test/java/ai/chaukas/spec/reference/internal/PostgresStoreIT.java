package ai.chaukas.spec.reference.internal;

import static ai.chaukas.spec.reference.internal.EmbeddedStoreAgreementTest.PROJECTS;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreAgreementTest.SESSIONS;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreAgreementTest.TENANTS;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreAgreementTest.randomEvent;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreAgreementTest.randomPosition;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreAgreementTest.randomRange;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreEvents.NO_LISTENER;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreEvents.everything;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreEvents.scanAll;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreEvents.serialized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.reference.internal.EventStore.Outcome;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.testing.internal.PostgresServer;
import ai.chaukas.spec.testing.internal.SampleEvents;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL store on a real PostgreSQL server, a database per test. */
class PostgresStoreIT {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer postgres;

  @TempDir Path directory;

  @BeforeAll
  static void start() throws IOException {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  private static PostgresUrl newDatabase() {
    return PostgresUrl.parse(postgres.createDatabase("store_" + DATABASES.incrementAndGet()));
  }

  @Test
  void eventsWithOneTimestampAreOrderedByCodePointsOfTheirIds() throws Exception {
    // Code point order differs from UTF-16 order (U+1F600 against U+FFFD) and from the
    // database's language collation (case, accents, punctuation).
    List<String> ids = List.of("b", "B", "a-2", "a10", "a_1", "é", "e", "z", "\uFFFD", "\uD83D\uDE00",
        "\uD83D\uDE00a", "\uE000", "ﬀ", "~", "0");
    try (PostgresStore store = PostgresStore.open(newDatabase(), NO_LISTENER)) {
      List<Event> events = ids.stream().map(id -> SampleEvents.event(id, 1_764_000_000L).build()).toList();
      store.store(serialized(events), 0).join();
      List<String> byCodePoint = new ArrayList<>(ids);
      byCodePoint.sort(Position::compareCodePoints);
      assertThat(eventIds(scanAll(store, SampleEvents.TENANT, everything(SampleEvents.TENANT), null, true)))
          .containsExactlyElementsOf(byCodePoint);
      List<String> descending = new ArrayList<>(byCodePoint);
      descending.sort(Comparator.comparing((String id) -> id, Position::compareCodePoints).reversed());
      assertThat(eventIds(scanAll(store, SampleEvents.TENANT, everything(SampleEvents.TENANT), null, false)))
          .containsExactlyElementsOf(descending);
      // Keyset continuation after a supplementary character.
      Position after = new Position(1_764_000_000L, 0, "\uFFFD");
      assertThat(eventIds(scanAll(store, SampleEvents.TENANT, everything(SampleEvents.TENANT), after, true)))
          .containsExactlyElementsOf(byCodePoint.subList(byCodePoint.indexOf("\uFFFD") + 1, byCodePoint.size()));
    }
  }

  private static List<String> eventIds(List<EventStore.Stored> stored) {
    return stored.stream().map(s -> s.event().getEventId()).toList();
  }

  @Test
  void storesTheBytesAsReceivedAndKeepsIdempotency() throws Exception {
    PostgresUrl url = newDatabase();
    Event event = SampleEvents.event("e-1", 1_764_000_000L).build();
    // Not the canonical encoding: the event id field written twice, the second wins on parsing.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    coded.writeString(Event.EVENT_ID_FIELD_NUMBER, "first");
    coded.flush();
    byte[] received = ByteString.copyFrom(out.toByteArray()).concat(event.toByteString()).toByteArray();
    try (PostgresStore store = PostgresStore.open(url, NO_LISTENER)) {
      assertThat(store.store(List.of(serialized(received)), received.length).join())
          .containsExactly(Outcome.STORED);
      assertThat(storedBytes(url, "e-1")).isEqualTo(received);
      // The canonical bytes are the same content: a duplicate; other content conflicts.
      Event changed = event.toBuilder().setAgentId("other").build();
      assertThat(store.store(serialized(List.of(event, changed, event)), 0).join())
          .containsExactly(Outcome.DUPLICATE, Outcome.CONFLICT, Outcome.DUPLICATE);
      // In one call, a second copy meets the first.
      Event fresh = SampleEvents.event("e-2", 1_764_000_001L).build();
      assertThat(store.store(serialized(List.of(fresh, fresh.toBuilder().setAgentId("x").build(), fresh)), 0).join())
          .containsExactly(Outcome.STORED, Outcome.CONFLICT, Outcome.DUPLICATE);
      assertThat(store.size()).isEqualTo(2);
      assertThat(store.event(SampleEvents.TENANT, "e-1")).contains(event);
      assertThat(storedBytes(url, "e-1")).isEqualTo(received);
    }
  }

  private static byte[] storedBytes(PostgresUrl url, String eventId) throws Exception {
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.properties());
        PreparedStatement s = connection.prepareStatement(
            "SELECT bytes FROM chaukas_events WHERE event_id = ?")) {
      s.setString(1, eventId);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getBytes(1);
      }
    }
  }

  @Test
  void scansAndStatsAgreeWithTheEmbeddedStore() throws Exception {
    Random random = new Random(20261204);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      events.add(randomEvent(random, i));
    }
    try (EmbeddedStore embedded = EmbeddedStore.open(directory, NO_LISTENER);
        PostgresStore store = PostgresStore.open(newDatabase(), NO_LISTENER)) {
      for (int from = 0; from < events.size(); ) {
        int to = Math.min(events.size(), from + 1 + random.nextInt(300));
        List<Event> call = new ArrayList<>(events.subList(from, to));
        call.add(events.get(random.nextInt(to)));
        call.add(events.get(random.nextInt(to)).toBuilder().setAgentId("changed").build());
        assertThat(store.store(serialized(call), 0).join())
            .isEqualTo(embedded.store(serialized(call), 0).join());
        from = to;
      }
      assertThat(store.size()).isEqualTo(embedded.size());
      for (int q = 0; q < 300; q++) {
        String tenant = random.nextInt(20) == 0 ? "t-none" : TENANTS[random.nextInt(TENANTS.length)];
        QueryFilter.Builder filter = QueryFilter.newBuilder().setTenantId(tenant).setTime(randomRange(random));
        if (random.nextInt(4) == 0) {
          filter.setProjectId(PROJECTS[random.nextInt(PROJECTS.length)]);
        }
        if (random.nextInt(4) == 0) {
          filter.setSessionId(SESSIONS[random.nextInt(SESSIONS.length)]);
        }
        boolean ascending = random.nextBoolean();
        Position after = random.nextBoolean() ? null : randomPosition(random, events);
        assertThat(scanAll(store, tenant, filter.build(), after, ascending))
            .as("query %d: %s after %s ascending %s", q, filter, after, ascending)
            .containsExactlyElementsOf(scanAll(embedded, tenant, filter.build(), after, ascending));

        String project = random.nextInt(3) == 0 ? PROJECTS[random.nextInt(2)] : "";
        TimeRange time = randomRange(random);
        GetEventStatsResponse want = embedded.stats(tenant, project, time);
        GetEventStatsResponse got = store.stats(tenant, project, time);
        assertThat(got.getAvgSessionDurationMs()).isCloseTo(want.getAvgSessionDurationMs(), within(1e-6));
        assertThat(got.toBuilder().clearAvgSessionDurationMs().build())
            .isEqualTo(want.toBuilder().clearAvgSessionDurationMs().build());
      }
    }
  }

  @Test
  void storesOpenedTogetherShareTheirTablesAndTokenKey() throws Exception {
    PostgresUrl url = newDatabase();
    PostgresStore[] stores = new PostgresStore[4];
    Thread[] openers = new Thread[stores.length];
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < stores.length; i++) {
      int n = i;
      openers[i] = new Thread(() -> {
        try {
          stores[n] = PostgresStore.open(url, NO_LISTENER);
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      openers[i].start();
    }
    for (Thread opener : openers) {
      opener.join();
    }
    try {
      assertThat(failures).isEmpty();
      assertThat(stores[0].tokenKey()).hasSize(32).isNotEqualTo(new byte[32]);
      for (PostgresStore store : stores) {
        assertThat(store.tokenKey()).isEqualTo(stores[0].tokenKey());
      }
      try (PostgresStore other = PostgresStore.open(newDatabase(), NO_LISTENER)) {
        assertThat(other.tokenKey()).isNotEqualTo(stores[0].tokenKey());
      }
    } finally {
      for (PostgresStore store : stores) {
        if (store != null) {
          store.close();
        }
      }
    }
    try (PostgresStore reopened = PostgresStore.open(url, NO_LISTENER)) {
      assertThat(reopened.tokenKey()).isEqualTo(stores[0].tokenKey());
    }
  }

  @Test
  void tablesOfAnotherSchemaVersionAreRefused() throws Exception {
    PostgresUrl url = newDatabase();
    PostgresStore.open(url, NO_LISTENER).close();
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.properties());
        Statement s = connection.createStatement()) {
      s.executeUpdate("UPDATE chaukas_schema SET version = 2");
    }
    assertThatThrownBy(() -> PostgresStore.open(url, NO_LISTENER))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("schema version 2, this server reads version 1")
        .hasMessageNotContaining("secret");
  }

  @Test
  void anUnreachableServerIsNamedByHostAndPort() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    PostgresUrl url = PostgresUrl.parse("postgresql://chaukas:hunter2@127.0.0.1:" + closedPort + "/events");
    assertThatThrownBy(() -> PostgresStore.open(url, NO_LISTENER))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot connect to the PostgreSQL server at 127.0.0.1:" + closedPort + " (")
        .hasMessageNotContaining("hunter2");
  }
}

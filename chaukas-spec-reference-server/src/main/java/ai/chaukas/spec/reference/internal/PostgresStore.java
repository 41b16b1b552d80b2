package ai.chaukas.spec.reference.internal;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Events in a PostgreSQL database, which several servers share: each server opens its own store on
 * the same database, and together they behave as one store (ING-5 across servers, page tokens that
 * any of them continues).
 *
 * <p><b>Tables.</b> Created at the first open, under an advisory lock so that servers starting
 * together do not race, in the connection's schema:
 *
 * <pre>
 * chaukas_events(tenant_id, event_id, ts_seconds, ts_nanos, project_id, session_id, type, bytes)
 * PRIMARY KEY chaukas_events_pkey   (tenant_id, event_id)                                ING-5, TEN-1
 * INDEX       chaukas_events_by_time    (tenant_id, ts_seconds, ts_nanos, event_id)       QRY-3, QRY-4, STA-2
 * INDEX       chaukas_events_by_session (tenant_id, session_id, ts_seconds, ts_nanos, event_id)
 * chaukas_settings(name PRIMARY KEY, value)   the page-token key
 * chaukas_schema(version)                     {@value #SCHEMA_VERSION}; another version is refused
 * </pre>
 *
 * {@code bytes} ({@code bytea}) holds each event exactly as received; the other columns are read
 * from it. Text columns use the {@code "C"} collation, which orders by UTF-8 bytes, that is by code
 * point, the order of {@link Position} and QRY-4, whatever the database's default collation; the
 * database must be UTF-8 encoded.
 *
 * <p><b>Writes.</b> One writer thread takes every call waiting in its queue and stores all their
 * events in one transaction, committed (so durable, as PostgreSQL's commit is) before any of the
 * calls' futures completes: concurrent calls share a commit. The first copy of each (tenant, id)
 * in the group is inserted with {@code ON CONFLICT DO NOTHING}, in (tenant, id) order so that two
 * servers' transactions wait for each other's keys in one order and never deadlock; the rows it
 * did not insert are then read back, committed by now (a conflicting insert waits for the other
 * transaction to end, and each statement reads what is committed when it starts), and compared,
 * giving ING-5's outcome even when two servers store the same id at the same moment. Later copies
 * in the group compare with the first. The queue holds at most {@value #MAX_QUEUED_EVENTS} events
 * (a single larger call is taken when it is empty); a call that does not fit fails at once with
 * {@link FullException}. A full disk ({@code 53100}) is {@link FullException} too.
 *
 * <p><b>Connections.</b> At most {@link PostgresUrl#poolSize()}: the writer's, and a pool for
 * readers, who wait for a free one (up to {@value #READER_WAIT_SECONDS} s) rather than open more. A
 * {@link #scan} fetches in chunks by keyset, {@code (ts_seconds, ts_nanos, event_id) > (…)} on the
 * time or session index, and holds a connection only while it fetches a chunk, so a cursor left
 * open holds none and memory per cursor stays at one chunk.
 */
public final class PostgresStore implements EventStore {

  /** The schema this class writes and reads, in {@code chaukas_schema}. */
  static final int SCHEMA_VERSION = 1;

  /** Most events waiting for the writer; bounds the memory held by calls not yet committed. */
  static final int MAX_QUEUED_EVENTS = 100_000;

  /** Rows per insert statement: bounds the size of one statement's parameters. */
  private static final int ROWS_PER_INSERT = 1000;

  /** Rows of a scan's first chunk; later chunks double up to {@link #MAX_CHUNK}. */
  private static final int FIRST_CHUNK = 128;

  private static final int MAX_CHUNK = 1024;
  private static final int READER_WAIT_SECONDS = 30;

  /** Serializes schema creation among servers; any number unlikely to be used by others. */
  private static final long SCHEMA_LOCK = 0x6368_6175_6b61_73L;

  /** The table of events, for {@link SqlEvents}. */
  private static final String TABLE = "chaukas_events";

  private static final String INSERT =
      "INSERT INTO chaukas_events(tenant_id, event_id, ts_seconds, ts_nanos, project_id, session_id,"
          + " type, bytes) SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::integer[],"
          + " ?::text[], ?::text[], ?::integer[], ?::bytea[])"
          + " ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING tenant_id, event_id";
  private static final String SELECT_EXISTING =
      "SELECT e.tenant_id, e.event_id, e.bytes FROM chaukas_events e"
          + " JOIN unnest(?::text[], ?::text[]) AS k(tenant_id, event_id)"
          + " ON e.tenant_id = k.tenant_id AND e.event_id = k.event_id";
  private static final String SELECT_BYTES =
      "SELECT bytes FROM chaukas_events WHERE tenant_id = ? AND event_id = ?";

  private record Key(String tenantId, String eventId) {}

  /** An event of a call, with the columns read from it. */
  private record Row(SerializedEvent event, IndexedFields fields, Key key) {}

  private record Call(List<Row> rows, CompletableFuture<List<Outcome>> done) {}

  private final PostgresUrl url;
  private final CommitListener commits;
  private final byte[] tokenKey;
  private final Thread writerThread;

  /** The writer's connection; replaced after a failure. Writer thread only. */
  private Connection writer;

  /**
   * Guards {@link #queue}, {@link #queuedEvents}, {@link #closed}, {@link #sizeAtClose} and {@link
   * #idleReaders}.
   */
  private final Object lock = new Object();

  private final ArrayDeque<Call> queue = new ArrayDeque<>();
  private int queuedEvents;
  private boolean closed;
  private final ArrayDeque<Connection> idleReaders = new ArrayDeque<>();
  private long sizeAtClose;

  /** A permit per reader connection that may be open. */
  private final Semaphore readerPermits;

  private PostgresStore(PostgresUrl url, CommitListener commits, Connection writer)
      throws SQLException, IOException {
    this.url = url;
    this.commits = commits;
    this.writer = writer;
    this.readerPermits = new Semaphore(url.poolSize() - 1, true);
    prepareSchema(writer);
    this.tokenKey = tokenKey(writer);
    writerThread = new Thread(this::writeLoop, "chaukas-store-writer " + url.hostPort());
    writerThread.setDaemon(true);
    writerThread.start();
  }

  /**
   * Opens the store in the database at {@code url}, creating its tables when they are missing.
   *
   * @param commits hears of every commit, on the writer thread
   * @throws IOException if the server cannot be reached or refuses the login, the database is not
   *     UTF-8 encoded, or it holds tables of another schema version
   */
  public static PostgresStore open(PostgresUrl url, CommitListener commits) throws IOException {
    Connection connection = connect(url);
    try {
      return new PostgresStore(url, commits, connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new IOException("cannot prepare the tables of " + url + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static Connection connect(PostgresUrl url) throws IOException {
    try {
      Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.properties());
      connection.setAutoCommit(false);
      return connection;
    } catch (SQLException e) {
      throw new IOException(
          "cannot connect to the PostgreSQL server at " + url.hostPort() + " (" + reason(e)
              + "); check that it runs there, accepts connections and knows the URL's user,"
              + " password and database",
          e);
    }
  }

  /** The most telling cause of a failed connection: the network's, else the server's words. */
  private static String reason(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
      }
    }
    String message = String.valueOf(e.getMessage());
    // The driver's messages may run on with advice on several lines; the first says what failed.
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Creates the tables unless present, under a lock all servers take; refuses another version. */
  private void prepareSchema(Connection connection) throws SQLException, IOException {
    try (Statement s = connection.createStatement()) {
      String encoding = stringOf(s, "SHOW server_encoding");
      if (!encoding.equals("UTF8")) {
        throw new IOException(
            "the database of " + url + " is encoded in " + encoding + "; event ids are Unicode,"
                + " so create it with ENCODING 'UTF8' (CREATE DATABASE … ENCODING 'UTF8'"
                + " TEMPLATE template0)");
      }
      s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
      s.execute("CREATE TABLE IF NOT EXISTS chaukas_schema(version integer NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS chaukas_events(tenant_id text COLLATE \"C\" NOT NULL,"
              + " event_id text COLLATE \"C\" NOT NULL, ts_seconds bigint NOT NULL,"
              + " ts_nanos integer NOT NULL, project_id text COLLATE \"C\" NOT NULL,"
              + " session_id text COLLATE \"C\" NOT NULL, type integer NOT NULL,"
              + " bytes bytea NOT NULL, PRIMARY KEY (tenant_id, event_id))");
      s.execute(
          "CREATE INDEX IF NOT EXISTS chaukas_events_by_time"
              + " ON chaukas_events(tenant_id, ts_seconds, ts_nanos, event_id)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS chaukas_events_by_session"
              + " ON chaukas_events(tenant_id, session_id, ts_seconds, ts_nanos, event_id)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS chaukas_settings(name text PRIMARY KEY, value bytea NOT NULL)");
      s.execute(
          "INSERT INTO chaukas_schema(version) SELECT " + SCHEMA_VERSION
              + " WHERE NOT EXISTS (SELECT 1 FROM chaukas_schema)");
      int version = (int) longOf(s, "SELECT max(version) FROM chaukas_schema");
      if (version != SCHEMA_VERSION) {
        connection.rollback();
        throw new IOException(
            "the tables of " + url + " have schema version " + version + ", this server reads"
                + " version " + SCHEMA_VERSION + "; use another database or a server of that version");
      }
      connection.commit();
    }
  }

  /** The page-token key: made by the first server to open the store, read by all. */
  private static byte[] tokenKey(Connection connection) throws SQLException {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO chaukas_settings(name, value) VALUES ('token_key', ?) ON CONFLICT DO NOTHING");
        PreparedStatement select =
            connection.prepareStatement("SELECT value FROM chaukas_settings WHERE name = 'token_key'")) {
      insert.setBytes(1, fresh);
      insert.executeUpdate();
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        byte[] key = rs.getBytes(1);
        connection.commit();
        return key;
      }
    }
  }

  private static String stringOf(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long longOf(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public byte[] tokenKey() {
    return tokenKey.clone();
  }

  @Override
  public CompletableFuture<List<Outcome>> store(List<SerializedEvent> events, int receivedBytes) {
    List<Row> rows = new ArrayList<>(events.size());
    try {
      for (SerializedEvent event : events) {
        rows.add(new Row(event, IndexedFields.of(event), new Key(event.tenantId(), event.eventId())));
      }
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new IOException("an event no longer parses", e));
    }
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(closedException());
      }
      if (rows.isEmpty()) {
        return CompletableFuture.completedFuture(List.of());
      }
      if (queuedEvents > 0 && queuedEvents + rows.size() > MAX_QUEUED_EVENTS) {
        return CompletableFuture.failedFuture(
            new FullException(
                "the store's write queue holds " + queuedEvents + " events, at most "
                    + MAX_QUEUED_EVENTS + " may wait for PostgreSQL; nothing was stored, retry later"));
      }
      Call call = new Call(rows, new CompletableFuture<>());
      queuedEvents += rows.size();
      queue.add(call);
      lock.notifyAll();
      return call.done();
    }
  }

  private static IOException closedException() {
    return new IOException("the store is closed");
  }

  /** The writer thread: group commits until the store is closed and its queue is empty. */
  private void writeLoop() {
    while (true) {
      List<Call> group;
      synchronized (lock) {
        while (queue.isEmpty() && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // Only close() ends the writer: queued calls must still be answered.
          }
        }
        if (queue.isEmpty()) {
          return;
        }
        group = new ArrayList<>(queue);
        queue.clear();
      }
      int events = group.stream().mapToInt(call -> call.rows().size()).sum();
      commit(group, events);
      synchronized (lock) {
        queuedEvents -= events;
      }
    }
  }

  /** Stores the events of {@code group} in one transaction and answers each call: all, or none. */
  private void commit(List<Call> group, int events) {
    long start = System.nanoTime();
    List<List<Outcome>> outcomes;
    try {
      if (writer == null) {
        writer = connect(url);
      }
      outcomes = insertAll(group);
      writer.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      Exception failure = e instanceof SQLException sql && "53100".equals(sql.getSQLState())
          ? new FullException("the disk of the PostgreSQL server at " + url.hostPort()
              + " is full; nothing was stored")
          : new IOException("cannot write to " + url + "; nothing was stored: " + e.getMessage(), e);
      dropWriter();
      for (Call call : group) {
        call.done().completeExceptionally(failure);
      }
      return;
    }
    long nanos = System.nanoTime() - start;
    for (int i = 0; i < group.size(); i++) {
      group.get(i).done().complete(outcomes.get(i));
    }
    try {
      commits.committed(events, nanos);
    } catch (RuntimeException e) {
      // A failing listener must not end the writer: later calls would never be answered.
    }
  }

  /** Rolls back and closes the writer's connection after a failure; the next group reconnects. */
  private void dropWriter() {
    if (writer != null) {
      try {
        writer.rollback();
      } catch (SQLException e) {
        // The connection is closed next; the server rolls back what it does not see committed.
      }
      closeQuietly(writer);
      writer = null;
    }
  }

  /** Inserts the first copy of each key, then reads what the others meet; ING-5 per event. */
  private List<List<Outcome>> insertAll(List<Call> group) throws SQLException {
    Map<Key, Row> firsts = new LinkedHashMap<>();
    for (Call call : group) {
      for (Row row : call.rows()) {
        firsts.putIfAbsent(row.key(), row);
      }
    }
    List<Row> sorted = new ArrayList<>(firsts.values());
    sorted.sort(Comparator.comparing((Row row) -> row.key().tenantId())
        .thenComparing(row -> row.key().eventId()));
    Set<Key> inserted = new HashSet<>();
    try (PreparedStatement insert = writer.prepareStatement(INSERT)) {
      for (int from = 0; from < sorted.size(); from += ROWS_PER_INSERT) {
        List<Row> chunk = sorted.subList(from, Math.min(sorted.size(), from + ROWS_PER_INSERT));
        bindRows(insert, chunk);
        try (ResultSet rs = insert.executeQuery()) {
          while (rs.next()) {
            inserted.add(new Key(rs.getString(1), rs.getString(2)));
          }
        }
      }
    }
    Map<Key, byte[]> existing = new HashMap<>();
    List<Key> missing = sorted.stream().map(Row::key).filter(key -> !inserted.contains(key)).toList();
    if (!missing.isEmpty()) {
      try (PreparedStatement select = writer.prepareStatement(SELECT_EXISTING)) {
        select.setArray(1, writer.createArrayOf("text", missing.stream().map(Key::tenantId).toArray()));
        select.setArray(2, writer.createArrayOf("text", missing.stream().map(Key::eventId).toArray()));
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            existing.put(new Key(rs.getString(1), rs.getString(2)), rs.getBytes(3));
          }
        }
      }
      if (existing.size() != missing.size()) {
        // A clear deleted a conflicting row between the two statements; the calls may be retried.
        throw new SQLException("events were deleted while this commit compared them");
      }
    }
    List<List<Outcome>> outcomes = new ArrayList<>(group.size());
    for (Call call : group) {
      List<Outcome> callOutcomes = new ArrayList<>(call.rows().size());
      for (Row row : call.rows()) {
        Row first = firsts.get(row.key());
        if (first == row && inserted.contains(row.key())) {
          callOutcomes.add(Outcome.STORED);
          continue;
        }
        byte[] stored = inserted.contains(row.key())
            ? first.event().bytes().toByteArray()
            : existing.get(row.key());
        callOutcomes.add(new StoredEvent(UnsafeByteOperations.unsafeWrap(stored))
                .sameContent(row.event().bytes())
            ? Outcome.DUPLICATE
            : Outcome.CONFLICT);
      }
      outcomes.add(callOutcomes);
    }
    return outcomes;
  }

  private void bindRows(PreparedStatement insert, List<Row> rows) throws SQLException {
    int n = rows.size();
    Object[] tenants = new Object[n];
    Object[] ids = new Object[n];
    Object[] seconds = new Object[n];
    Object[] nanos = new Object[n];
    Object[] projects = new Object[n];
    Object[] sessions = new Object[n];
    Object[] types = new Object[n];
    byte[][] bytes = new byte[n][];
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      SerializedEvent event = row.event();
      tenants[i] = event.tenantId();
      ids[i] = event.eventId();
      seconds[i] = event.timestampSeconds();
      nanos[i] = event.timestampNanos();
      projects[i] = row.fields().projectId();
      sessions[i] = row.fields().sessionId();
      types[i] = row.fields().type();
      bytes[i] = event.bytes().toByteArray();
    }
    insert.setArray(1, writer.createArrayOf("text", tenants));
    insert.setArray(2, writer.createArrayOf("text", ids));
    insert.setArray(3, writer.createArrayOf("bigint", seconds));
    insert.setArray(4, writer.createArrayOf("integer", nanos));
    insert.setArray(5, writer.createArrayOf("text", projects));
    insert.setArray(6, writer.createArrayOf("text", sessions));
    insert.setArray(7, writer.createArrayOf("integer", types));
    insert.setArray(8, writer.createArrayOf("bytea", bytes));
  }

  @Override
  public Cursor scan(String tenantId, QueryFilter filter, Position after, boolean ascending)
      throws IOException {
    checkOpen();
    return new ChunkedCursor(tenantId, filter, after, ascending);
  }

  /** A scan fetched chunk by chunk, each by keyset after the last row of the one before. */
  private final class ChunkedCursor implements Cursor {
    private final String tenantId;
    private final QueryFilter filter;
    private final boolean ascending;
    private Position after;
    private int chunkSize = FIRST_CHUNK;
    private final ArrayDeque<Stored> chunk = new ArrayDeque<>();
    private boolean exhausted;

    ChunkedCursor(String tenantId, QueryFilter filter, Position after, boolean ascending) {
      this.tenantId = tenantId;
      this.filter = filter;
      this.after = after;
      this.ascending = ascending;
    }

    @Override
    public boolean hasNext() {
      if (chunk.isEmpty() && !exhausted) {
        try {
          fetch();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return !chunk.isEmpty();
    }

    private void fetch() throws IOException {
      StringBuilder sql = new StringBuilder(
          "SELECT ts_seconds, ts_nanos, event_id, bytes FROM chaukas_events WHERE tenant_id = ?");
      List<Object> args = new ArrayList<>();
      args.add(tenantId);
      if (!filter.getProjectId().isEmpty()) {
        sql.append(" AND project_id = ?");
        args.add(filter.getProjectId());
      }
      if (!filter.getSessionId().isEmpty()) {
        sql.append(" AND session_id = ?");
        args.add(filter.getSessionId());
      }
      SqlEvents.timeConditions(filter.getTime(), sql, args);
      if (after != null) {
        // Keyset paging; QRY-3's bounds still apply, so both conditions hold together.
        sql.append(ascending ? " AND (ts_seconds, ts_nanos, event_id) > (?, ?, ?)"
            : " AND (ts_seconds, ts_nanos, event_id) < (?, ?, ?)");
        args.add(after.seconds());
        args.add(after.nanos());
        args.add(after.eventId());
      }
      String direction = ascending ? " ASC" : " DESC";
      sql.append(" ORDER BY ts_seconds").append(direction).append(", ts_nanos").append(direction)
          .append(", event_id").append(direction).append(" LIMIT ").append(chunkSize);
      Connection connection = reader();
      try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
        SqlEvents.bind(statement, args);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            Position position = new Position(rs.getLong(1), rs.getInt(2), rs.getString(3));
            chunk.add(new Stored(position, Event.parseFrom(rs.getBytes(4))));
          }
        }
        connection.commit();
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("a stored event in " + url + " no longer parses", e);
      } catch (SQLException e) {
        throw readFailure(e);
      } finally {
        release(connection);
      }
      exhausted = chunk.size() < chunkSize;
      if (!chunk.isEmpty()) {
        after = chunk.peekLast().position();
      }
      chunkSize = Math.min(MAX_CHUNK, chunkSize * 2);
    }

    @Override
    public Stored next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return chunk.poll();
    }

    @Override
    public void close() {
      chunk.clear();
      exhausted = true;
    }
  }



  @Override
  public GetEventStatsResponse stats(String tenantId, String projectId, TimeRange time)
      throws IOException {
    StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
    List<Object> args = new ArrayList<>();
    args.add(tenantId);
    if (!projectId.isEmpty()) {
      where.append(" AND project_id = ?");
      args.add(projectId);
    }
    SqlEvents.timeConditions(time, where, args);
    Connection connection = reader();
    try {
      // One snapshot for the three queries, so that they count the same events (STA-2).
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        return SqlEvents.stats(connection, TABLE, where.toString(), args);
      } finally {
        connection.commit();
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
    } catch (SQLException e) {
      throw readFailure(e);
    } finally {
      release(connection);
    }
  }


  @Override
  public Optional<Event> event(String tenantId, String eventId) throws IOException {
    Connection connection = reader();
    try (PreparedStatement s = connection.prepareStatement(SELECT_BYTES)) {
      s.setString(1, tenantId);
      s.setString(2, eventId);
      try (ResultSet rs = s.executeQuery()) {
        Optional<Event> event = rs.next() ? Optional.of(Event.parseFrom(rs.getBytes(1))) : Optional.empty();
        connection.commit();
        return event;
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a stored event in " + url + " no longer parses", e);
    } catch (SQLException e) {
      throw readFailure(e);
    } finally {
      release(connection);
    }
  }

  /**
   * Counts the events of every server on this database, so it reads the whole table; once closed,
   * the count when it closed.
   */
  @Override
  public long size() {
    synchronized (lock) {
      if (closed) {
        return sizeAtClose;
      }
    }
    try {
      Connection connection = reader();
      try (Statement s = connection.createStatement()) {
        long count = longOf(s, "SELECT count(*) FROM chaukas_events");
        connection.commit();
        return count;
      } catch (SQLException e) {
        throw readFailure(e);
      } finally {
        release(connection);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int pendingEvents() {
    synchronized (lock) {
      return queuedEvents;
    }
  }

  /** Deletes every event of every server on this database; the page-token key stays. */
  @Override
  public void clear() throws IOException {
    Connection connection = reader();
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("DELETE FROM chaukas_events");
      connection.commit();
    } catch (SQLException e) {
      throw new IOException("cannot clear " + url + ": " + e.getMessage(), e);
    } finally {
      release(connection);
    }
  }

  private void checkOpen() throws IOException {
    synchronized (lock) {
      if (closed) {
        throw closedException();
      }
    }
  }

  /** An idle reader connection or a new one, waiting while all of them are in use. */
  private Connection reader() throws IOException {
    checkOpen();
    try {
      if (!readerPermits.tryAcquire(READER_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException(
            "all " + (url.poolSize() - 1) + " reading connections to " + url.hostPort() + " stayed"
                + " busy for " + READER_WAIT_SECONDS + " s; retry, or raise pool_size in the URL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a connection to " + url.hostPort(), e);
    }
    synchronized (lock) {
      Connection idle = idleReaders.pollFirst();
      if (idle != null) {
        return idle;
      }
    }
    try {
      return connect(url);
    } catch (IOException | RuntimeException e) {
      readerPermits.release();
      throw e;
    }
  }

  /** Returns a reader connection to the pool, or closes it when it failed or the store closed. */
  private void release(Connection connection) {
    boolean keep;
    try {
      connection.rollback();
      keep = true;
    } catch (SQLException e) {
      keep = false;
    }
    synchronized (lock) {
      keep &= !closed;
      if (keep) {
        idleReaders.addFirst(connection);
      }
    }
    if (!keep) {
      closeQuietly(connection);
    }
    readerPermits.release();
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing to keep of a connection that fails to close; the server ends it on its side.
    }
  }

  private IOException readFailure(SQLException e) {
    return new IOException("cannot read " + url + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll();
    }
    // The writer answers every queued call before it ends.
    boolean interrupted = false;
    while (writerThread.isAlive()) {
      try {
        writerThread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    long lastSize = -1;
    try {
      if (writer == null) {
        writer = connect(url);
      }
      try (Statement s = writer.createStatement()) {
        lastSize = longOf(s, "SELECT count(*) FROM chaukas_events");
      }
    } catch (IOException | SQLException e) {
      // The count is only for messages after close; -1 says it is unknown.
    }
    if (writer != null) {
      closeQuietly(writer);
    }
    synchronized (lock) {
      sizeAtClose = lastSize;
      idleReaders.forEach(PostgresStore::closeQuietly);
      idleReaders.clear();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "PostgresStore[" + url + "]";
  }
}

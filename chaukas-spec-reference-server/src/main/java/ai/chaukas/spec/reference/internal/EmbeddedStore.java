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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.sqlite.SQLiteException;

/**
 * Events on disk: an append-only log of event bytes indexed by a SQLite database, surviving the
 * process, for {@code chaukas serve} and anyone who wants the reference server's events back after
 * a restart.
 *
 * <p><b>On disk.</b> A directory holding {@code events.log} (each event's bytes, appended),
 * {@code events.db}, the index (with SQLite's {@code events.db-wal} and {@code events.db-shm}
 * beside it), {@code token.key}, the 32 random bytes that authenticate page tokens (made at the
 * first open, kept so that tokens outlive a restart), and {@code LOCK}, on which the open store
 * holds an exclusive
 * file lock, so that one server at a time uses a directory (a second open, in this process or
 * another, fails). {@code events.db} has one table, a rowid table because inserts into a table
 * keyed by random ids ({@code WITHOUT ROWID}) were measured about ten times
 * slower:
 *
 * <pre>
 * events(seq INTEGER PRIMARY KEY, tenant_id, event_id, ts_seconds, ts_nanos,
 *        project_id, session_id, type, log_offset, log_length)
 * UNIQUE events_by_id      (tenant_id, event_id)                              ING-5, TEN-1
 *        events_by_time    (tenant_id, ts_seconds, ts_nanos, event_id)        QRY-3, QRY-4, STA-2
 *        events_by_session (tenant_id, session_id, ts_seconds, ts_nanos, event_id)  one session
 * </pre>
 *
 * Every index slows inserts, so there are three. Measured with 200,000 rows of 1.5 KB in 4 tenants
 * and 2,000 sessions, 500 per commit, {@code synchronous=FULL}: 6,500 inserts/s with the unique
 * index alone, 5,900 with the time index, 3,800 with the session index too; in return the session
 * index gives one session's first page in 1 ms instead of 180 ms (growing with the tenant's
 * events), and {@code COUNT(DISTINCT session_id)} of stats reads it instead of the table. There is
 * no project index: a project filter walks the time index, as the caller filters anyway.
 *
 * <p>{@code log_offset} and {@code log_length} locate each event's bytes in {@code events.log},
 * exactly as received; the other columns are read from them to index and filter by. The bytes are
 * not in the database because SQLite writes a row twice (WAL, then checkpoint): as a BLOB they made
 * about 4.4 KB of synced writes per 1.5 KB event and capped the store at about 12,000 events/s.
 * Text is bound as UTF-8, whose byte order (SQLite's BINARY collation) is the code point order of
 * QRY-4. {@code PRAGMA user_version} is the schema version ({@value
 * #SCHEMA_VERSION}); a file of another version is refused rather than guessed at.
 *
 * <p><b>Durability and group commit.</b> The database is in WAL mode with {@code
 * synchronous=FULL}, so a commit returns only after the WAL is synced ({@code NORMAL} would not
 * sync on commit). One writer thread owns the only write connection and the only log writes: it
 * takes every call waiting in its queue and, for all their events in arrival order, (1) writes
 * their bytes at the log's end in few writes, (2) syncs the log ({@code force(false)}, fdatasync),
 * (3) inserts the index rows in one transaction and commits, and only then (4) completes each
 * call's future. Concurrent calls thus share two syncs, and an acknowledgement sent when a future
 * completes survives a crash; as the log is synced before the index commits, a committed row never
 * references bytes that are not on disk. A second copy of an id, in the same call or in another
 * call of the same commit, meets the first in the transaction and gets the outcome of ING-5; its
 * bytes stay in the log, unreferenced. A failed transaction cuts the log back to where its group
 * began. A clear commits alone, deleting every row, then truncates the log to 0.
 *
 * <p><b>Recovery.</b> A crash after (2) and before (3), or during (1), leaves bytes at the log's end
 * that no committed row references; {@link #open} cuts the log to the end of the last referenced
 * bytes and syncs it before accepting writes. A log shorter than that end lost acknowledged events
 * (it was damaged or replaced), and the store is refused.
 *
 * <p><b>Choices.</b> The queue holds at most {@value #MAX_QUEUED_EVENTS} events (a single larger
 * call is taken when the queue is empty); a call that does not fit fails at once with {@link
 * FullException}, stores nothing, and may be retried: waiting instead would block the network
 * thread that calls {@link #store}. When a commit fails, it is rolled back and every call in it
 * fails, with {@link FullException} when the disk is full (SQLITE_FULL) and with an {@link
 * IOException} otherwise; nothing of those calls is stored. Events are parsed for their indexed
 * columns on the caller's thread, so that the single writer only writes. Readers use their own
 * connections from a small pool and, in WAL mode, neither block nor are blocked by the writer; a
 * cursor reads one snapshot, row by row, and never loads a result set into memory. Every reader
 * reads event bytes from the one log channel with positional reads, which are thread-safe and
 * never move a shared position. A clear lets the writer reuse offsets an older snapshot still
 * references, so a read that overlaps a clear fails rather than return other bytes.
 */
public final class EmbeddedStore implements EventStore {

  /** The schema this class writes and reads, in {@code PRAGMA user_version}. */
  static final int SCHEMA_VERSION = 1;

  /** Most events waiting for the writer; bounds the memory held by calls not yet committed. */
  static final int MAX_QUEUED_EVENTS = 100_000;

  /** Idle reader connections kept open; more are opened while more readers run at once. */
  private static final int IDLE_READERS = 4;

  /** The table of events, for {@link SqlEvents}. */
  private static final String TABLE = "events";
  private static final int SQLITE_FULL = 13;

  private static final String INSERT =
      "INSERT INTO events(tenant_id, event_id, ts_seconds, ts_nanos, project_id, session_id, type,"
          + " log_offset, log_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT(tenant_id, event_id) DO NOTHING";
  private static final String SELECT_BYTES =
      "SELECT log_offset, log_length FROM events WHERE tenant_id = ? AND event_id = ?";

  /** The writer's buffer for appending a group to the log; larger groups take several writes. */
  private static final int WRITE_BUFFER_BYTES = 8 << 20;

  /** An event of a call, with the columns read from it. */
  private record Row(
      SerializedEvent event, String projectId, String sessionId, int type, byte[] bytes) {}

  private static Row row(SerializedEvent event) throws IOException {
    IndexedFields fields = IndexedFields.of(event);
    return new Row(event, fields.projectId(), fields.sessionId(), fields.type(), event.bytes().toByteArray());
  }

  /** A call waiting for the writer: events to store, or, when {@code rows} is null, a clear. */
  private record Call(List<Row> rows, CompletableFuture<List<Outcome>> done) {}

  private static final int TOKEN_KEY_BYTES = 32;

  private final Path directory;
  private final Path database;
  private final Path logFile;
  private final String url;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final CommitListener commits;
  private final Connection writer;
  private final PreparedStatement insert;
  private final PreparedStatement selectBytes;
  private final Thread writerThread;
  private final AtomicLong size = new AtomicLong();
  private final byte[] tokenKey;

  /** The event bytes; positional reads and writes only, so readers share it with the writer. */
  private final FileChannel log;

  /** End of the referenced log: where the writer appends next. Writer thread only (after open). */
  private long logEnd;
  /** The latest write's failure, until a write succeeds; for Healthz. */
  private volatile String lastFailure;

  /** The writer's append buffer, allocated at the first group. */
  private ByteBuffer writeBuffer;

  /**
   * Counts clears. After a clear the writer reuses log offsets that an older read snapshot still
   * references, so a read that sees this change while it reads fails instead of returning another
   * event's bytes.
   */
  private final AtomicLong clears = new AtomicLong();

  /** Guards {@link #queue}, {@link #queuedEvents} and {@link #closed}. */
  private final Object queueLock = new Object();
  private final ArrayDeque<Call> queue = new ArrayDeque<>();
  private int queuedEvents;
  private boolean closed;

  private final ConcurrentLinkedDeque<Connection> idleReaders = new ConcurrentLinkedDeque<>();
  private final Set<Connection> readers = ConcurrentHashMap.newKeySet();

  private EmbeddedStore(Path directory, FileChannel lockChannel, FileLock lock, CommitListener commits)
      throws IOException, SQLException {
    this.directory = directory;
    this.database = directory.resolve("events.db");
    this.logFile = directory.resolve("events.log");
    this.url = "jdbc:sqlite:" + database;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.commits = commits;
    this.tokenKey = readOrCreateTokenKey(directory.resolve("token.key"));
    this.writer = DriverManager.getConnection(url);
    FileChannel logChannel = null;
    try {
      prepareSchema();
      logChannel = FileChannel.open(
          logFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      logEnd = recoverLog(logChannel);
      writer.setAutoCommit(false);
      insert = writer.prepareStatement(INSERT);
      selectBytes = writer.prepareStatement(SELECT_BYTES);
    } catch (IOException | SQLException | RuntimeException e) {
      if (logChannel != null) {
        logChannel.close();
      }
      writer.close();
      throw e;
    }
    this.log = logChannel;
    writerThread = new Thread(this::writeLoop, "chaukas-store-writer " + directory);
    writerThread.setDaemon(true);
    writerThread.start();
  }

  /**
   * The key in {@code file}, made first if absent (a store older than page-token keys gets one
   * too): written to a temporary file, synced, and moved into place, so a crash never leaves a
   * partial key that would be read back.
   */
  private static byte[] readOrCreateTokenKey(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] key = new byte[TOKEN_KEY_BYTES];
      new SecureRandom().nextBytes(key);
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        out.write(ByteBuffer.wrap(key));
        out.force(true);
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel parent = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        parent.force(true);
      }
    }
    byte[] key = Files.readAllBytes(file);
    if (key.length != TOKEN_KEY_BYTES) {
      throw new IOException(
          file + " holds " + key.length + " bytes, not the " + TOKEN_KEY_BYTES + " of a page-token"
              + " key; delete it to have a new one made (page tokens issued before stop working)");
    }
    return key;
  }

  /**
   * Opens the store in {@code directory}, created if missing, with what it holds.
   *
   * @param commits hears of every commit, on the writer thread
   * @throws IOException if the directory cannot be created, another server uses it, or it holds a
   *     database that is not a store of this version
   */
  public static EmbeddedStore open(Path directory, CommitListener commits) throws IOException {
    Files.createDirectories(directory);
    FileChannel channel =
        FileChannel.open(directory.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException(
            "another server uses the store in " + directory + " (" + directory.resolve("LOCK")
                + " is locked); stop it or choose another directory");
      }
      return new EmbeddedStore(directory, channel, lock, commits);
    } catch (SQLException e) {
      channel.close();
      throw new IOException(
          "cannot open the store " + directory.resolve("events.db") + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Creates the schema in a new file, accepts one of {@link #SCHEMA_VERSION}, refuses the rest. */
  private void prepareSchema() throws SQLException, IOException {
    try (Statement s = writer.createStatement()) {
      // A file that is not a database fails here, on its first read.
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      int version = intOf(s, "PRAGMA user_version");
      if (version == SCHEMA_VERSION) {
        size.set(longOf(s, "SELECT COUNT(*) FROM events"));
        return;
      }
      if (version != 0 || intOf(s, "SELECT COUNT(*) FROM sqlite_schema") != 0) {
        throw new IOException(
            database + " is not a store of this server: it has schema version " + version
                + ", this server reads version " + SCHEMA_VERSION + "; use another directory");
      }
      s.execute("BEGIN");
      s.execute(
          "CREATE TABLE events(seq INTEGER PRIMARY KEY, tenant_id TEXT NOT NULL,"
              + " event_id TEXT NOT NULL, ts_seconds INTEGER NOT NULL, ts_nanos INTEGER NOT NULL,"
              + " project_id TEXT NOT NULL, session_id TEXT NOT NULL, type INTEGER NOT NULL,"
              + " log_offset INTEGER NOT NULL, log_length INTEGER NOT NULL)");
      s.execute("CREATE UNIQUE INDEX events_by_id ON events(tenant_id, event_id)");
      s.execute(
          "CREATE INDEX events_by_time ON events(tenant_id, ts_seconds, ts_nanos, event_id)");
      s.execute(
          "CREATE INDEX events_by_session"
              + " ON events(tenant_id, session_id, ts_seconds, ts_nanos, event_id)");
      s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
      s.execute("COMMIT");
    }
  }

  /**
   * Cuts the log to the end of its last committed row: a crash between the log's sync and the
   * index commit, or during the log write, leaves bytes no row references. A log shorter than
   * that end lost bytes of acknowledged events, so the store is refused.
   *
   * @return the referenced end, where the writer appends
   */
  private long recoverLog(FileChannel channel) throws SQLException, IOException {
    long end;
    try (Statement s = writer.createStatement()) {
      // The last row ends the referenced log: rows and their bytes are appended in the same order,
      // and a clear empties both. Found by the primary key, so reopening a large store is instant.
      end = longOf(s, "SELECT COALESCE((SELECT log_offset + log_length FROM events"
          + " ORDER BY seq DESC LIMIT 1), 0)");
    }
    long length = channel.size();
    if (length < end) {
      throw new IOException(
          logFile + " holds " + length + " bytes but " + database + " references " + end
              + ": the log was damaged or replaced; the store cannot be opened");
    }
    if (length > end) {
      channel.truncate(end);
      channel.force(false);
    }
    return end;
  }

  private static int intOf(Statement s, String sql) throws SQLException {
    return (int) longOf(s, sql);
  }

  private static long longOf(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public CompletableFuture<List<Outcome>> store(List<SerializedEvent> events, int receivedBytes) {
    if (events.isEmpty()) {
      return closedFailure().orElseGet(() -> CompletableFuture.completedFuture(List.of()));
    }
    List<Row> rows = new ArrayList<>(events.size());
    try {
      for (SerializedEvent event : events) {
        rows.add(row(event));
      }
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new IOException("an event no longer parses", e));
    }
    Call call = new Call(rows, new CompletableFuture<>());
    synchronized (queueLock) {
      if (closed) {
        return closedFailure().orElseThrow();
      }
      if (queuedEvents > 0 && queuedEvents + rows.size() > MAX_QUEUED_EVENTS) {
        return CompletableFuture.failedFuture(
            new FullException(
                "the store's write queue holds " + queuedEvents + " events, at most "
                    + MAX_QUEUED_EVENTS + " may wait for the disk; nothing was stored, retry"
                    + " later", true));
      }
      queuedEvents += rows.size();
      queue.add(call);
      queueLock.notifyAll();
    }
    return call.done();
  }

  private Optional<CompletableFuture<List<Outcome>>> closedFailure() {
    synchronized (queueLock) {
      return closed
          ? Optional.of(CompletableFuture.failedFuture(closedException()))
          : Optional.empty();
    }
  }

  private static IOException closedException() {
    return new IOException("the store is closed");
  }

  /** The writer thread: group commits until the store is closed and its queue is empty. */
  private void writeLoop() {
    while (true) {
      List<Call> group;
      synchronized (queueLock) {
        while (queue.isEmpty() && !closed) {
          try {
            queueLock.wait();
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
      // A clear commits alone: it truncates the log, which no rolled-back group may undo.
      int segmentEvents = 0;
      List<Call> segment = new ArrayList<>();
      for (Call call : group) {
        if (call.rows() == null) {
          if (!segment.isEmpty()) {
            commit(segment, segmentEvents);
            segment = new ArrayList<>();
            segmentEvents = 0;
          }
          clear(call);
        } else {
          segment.add(call);
          segmentEvents += call.rows().size();
        }
      }
      if (!segment.isEmpty()) {
        commit(segment, segmentEvents);
      }
    }
  }

  /** Counts {@code events} as no longer pending: done before their calls are answered. */
  private void dequeued(int events) {
    synchronized (queueLock) {
      queuedEvents -= events;
    }
  }

  /**
   * Stores the events of {@code group} and answers each call: all stored, or none. The bytes go to
   * the log and are synced before the index rows that reference them commit, so that a committed
   * row never points past the synced log.
   */
  private void commit(List<Call> group, int events) {
    long start = System.nanoTime();
    long groupStart = logEnd;
    try {
      append(group, groupStart);
      log.force(false);
    } catch (IOException | RuntimeException e) {
      cutLog(groupStart, e);
      dequeued(events);
      fail(group, isFull(e)
          ? new FullException("the disk of " + logFile + " is full; nothing was stored")
          : new IOException("cannot write to " + logFile + "; nothing was stored: " + e.getMessage(), e));
      return;
    }
    List<List<Outcome>> outcomes = new ArrayList<>(group.size());
    long added = 0;
    long offset = groupStart;
    try {
      for (Call call : group) {
        List<Outcome> callOutcomes = new ArrayList<>(call.rows().size());
        for (Row row : call.rows()) {
          // A duplicate's appended bytes stay unreferenced.
          Outcome outcome = insert(row, offset);
          offset += row.bytes().length;
          if (outcome == Outcome.STORED) {
            added++;
          }
          callOutcomes.add(outcome);
        }
        outcomes.add(callOutcomes);
      }
      writer.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      try {
        writer.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      cutLog(groupStart, e);
      dequeued(events);
      fail(group, e instanceof SQLException sql && isFull(sql)
          ? new FullException("the disk of " + database + " is full; nothing was stored")
          : new IOException("cannot write to " + database + "; nothing was stored: " + e.getMessage(), e));
      return;
    }
    logEnd = offset;
    lastFailure = null;
    size.addAndGet(added);
    // Counted and reported before the calls are answered, so that a caller sees its events counted.
    dequeued(events);
    committed(events, System.nanoTime() - start);
    for (int i = 0; i < group.size(); i++) {
      group.get(i).done().complete(outcomes.get(i));
    }
  }

  /** Writes every row's bytes of {@code group} at {@code position}, in order, with few writes. */
  private void append(List<Call> group, long position) throws IOException {
    if (writeBuffer == null) {
      writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
    }
    ByteBuffer buffer = writeBuffer.clear();
    for (Call call : group) {
      for (Row row : call.rows()) {
        byte[] bytes = row.bytes();
        if (bytes.length > buffer.remaining()) {
          position = write(buffer.flip(), position);
          buffer.clear();
        }
        if (bytes.length > buffer.remaining()) {
          position = write(ByteBuffer.wrap(bytes), position);
        } else {
          buffer.put(bytes);
        }
      }
    }
    write(buffer.flip(), position);
  }

  private long write(ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      position += log.write(buffer, position);
    }
    return position;
  }

  /** Drops the bytes of a failed group; if this fails too, the next group overwrites them. */
  private void cutLog(long end, Exception failure) {
    try {
      log.truncate(end);
      log.force(false);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private void fail(List<Call> group, Exception failure) {
    lastFailure = failure.getMessage();
    for (Call call : group) {
      call.done().completeExceptionally(failure);
    }
  }

  /** Deletes every row, then empties the log. */
  private void clear(Call call) {
    long start = System.nanoTime();
    try (Statement s = writer.createStatement()) {
      s.executeUpdate("DELETE FROM events");
      writer.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        writer.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      call.done().completeExceptionally(
          new IOException("cannot write to " + database + ": " + e.getMessage(), e));
      return;
    }
    // Before any offset is reused: readers of an older snapshot must see it.
    clears.incrementAndGet();
    size.set(0);
    logEnd = 0;
    try {
      log.truncate(0);
      log.force(false);
    } catch (IOException e) {
      // The rows are gone; bytes left in the log are unreferenced, overwritten or cut at open.
    }
    call.done().complete(List.of());
    committed(0, System.nanoTime() - start);
  }

  private void committed(int events, long nanos) {
    try {
      commits.committed(events, nanos);
    } catch (RuntimeException e) {
      // A failing listener must not end the writer: later calls would never be answered.
    }
  }

  private static boolean isFull(Exception e) {
    return e instanceof IOException && e.getMessage() != null
        && e.getMessage().contains("No space left on device");
  }

  private static boolean isFull(SQLException e) {
    return e instanceof SQLiteException s && (s.getResultCode().code & 0xff) == SQLITE_FULL;
  }

  /** Inserts {@code row} unless its (tenant, id) is taken; then compares it with the stored one. */
  private Outcome insert(Row row, long offset) throws SQLException, IOException {
    SerializedEvent event = row.event();
    insert.setString(1, event.tenantId());
    insert.setString(2, event.eventId());
    insert.setLong(3, event.timestampSeconds());
    insert.setInt(4, event.timestampNanos());
    insert.setString(5, row.projectId());
    insert.setString(6, row.sessionId());
    insert.setInt(7, row.type());
    insert.setLong(8, offset);
    insert.setInt(9, row.bytes().length);
    if (insert.executeUpdate() == 1) {
      return Outcome.STORED;
    }
    selectBytes.setString(1, event.tenantId());
    selectBytes.setString(2, event.eventId());
    byte[] bytes;
    try (ResultSet rs = selectBytes.executeQuery()) {
      rs.next();
      // Only the writer clears, so no clear can happen during this read.
      bytes = readLog(rs.getLong(1), rs.getInt(2), clears.get());
    }
    StoredEvent stored = new StoredEvent(UnsafeByteOperations.unsafeWrap(bytes));
    return stored.sameContent(event.bytes()) ? Outcome.DUPLICATE : Outcome.CONFLICT;
  }

  /**
   * The {@code length} bytes at {@code offset} of the log, read by a reader whose snapshot began
   * when {@link #clears} was {@code clearsBefore}.
   */
  private byte[] readLog(long offset, int length, long clearsBefore) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try {
      while (buffer.hasRemaining()) {
        if (log.read(buffer, offset + buffer.position()) < 0) {
          throw new IOException(
              logFile + " ends before the " + length + " bytes at offset " + offset + " that "
                  + database + " references");
        }
      }
    } catch (IOException e) {
      checkNotCleared(clearsBefore);
      throw e;
    }
    checkNotCleared(clearsBefore);
    return buffer.array();
  }

  private void checkNotCleared(long clearsBefore) throws IOException {
    if (clears.get() != clearsBefore) {
      throw new IOException("the store was cleared during this read; read again");
    }
  }

  @Override
  public Cursor scan(String tenantId, QueryFilter filter, Position after, boolean ascending)
      throws IOException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT ts_seconds, ts_nanos, event_id, log_offset, log_length FROM events"
                + " WHERE tenant_id = ?");
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
        .append(", event_id").append(direction);
    Connection connection = reader();
    try {
      PreparedStatement statement = connection.prepareStatement(sql.toString());
      try {
        SqlEvents.bind(statement, args);
        long clearsBefore = clears.get();
        return new SqlCursor(connection, statement, statement.executeQuery(), clearsBefore);
      } catch (SQLException | RuntimeException e) {
        statement.close();
        throw e;
      }
    } catch (SQLException e) {
      release(connection);
      throw readFailure(e);
    }
  }



  /** Rows of a query as they are read, on a reader connection returned when closed. */
  private final class SqlCursor implements Cursor {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final long clearsBefore;
    private Stored next;
    private boolean done;

    SqlCursor(Connection connection, PreparedStatement statement, ResultSet rows, long clearsBefore) {
      this.connection = connection;
      this.statement = statement;
      this.rows = rows;
      this.clearsBefore = clearsBefore;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        try {
          if (rows.next()) {
            next = new Stored(
                new Position(rows.getLong(1), rows.getInt(2), rows.getString(3)),
                Event.parseFrom(readLog(rows.getLong(4), rows.getInt(5), clearsBefore)));
          } else {
            done = true;
          }
        } catch (SQLException e) {
          throw new UncheckedIOException(readFailure(e));
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("a stored event in " + logFile + " no longer parses", e);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return next != null;
    }

    @Override
    public Stored next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Stored result = next;
      next = null;
      return result;
    }

    @Override
    public void close() {
      try {
        // Closing the statement closes its result set and ends the read transaction.
        statement.close();
      } catch (SQLException e) {
        throw new UncheckedIOException(readFailure(e));
      } finally {
        release(connection);
      }
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
      // One read transaction: the three queries see the same events (STA-2).
      connection.setAutoCommit(false);
      try {
        return SqlEvents.stats(connection, TABLE, where.toString(), args);
      } finally {
        connection.commit();
        connection.setAutoCommit(true);
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
      long clearsBefore = clears.get();
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(Event.parseFrom(readLog(rs.getLong(1), rs.getInt(2), clearsBefore)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw readFailure(e);
    } finally {
      release(connection);
    }
  }

  /** An idle reader connection, or a new one. */
  private Connection reader() throws IOException {
    synchronized (queueLock) {
      if (closed) {
        throw closedException();
      }
    }
    Connection idle = idleReaders.pollFirst();
    if (idle != null) {
      return idle;
    }
    try {
      Connection connection = DriverManager.getConnection(url);
      readers.add(connection);
      return connection;
    } catch (SQLException e) {
      throw readFailure(e);
    }
  }

  /** Keeps a few connections for the next readers and closes the rest. */
  private void release(Connection connection) {
    boolean keep;
    synchronized (queueLock) {
      keep = !closed && idleReaders.size() < IDLE_READERS;
      if (keep) {
        idleReaders.addFirst(connection);
      }
    }
    if (!keep) {
      readers.remove(connection);
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing to keep of a reader that fails to close; its file handles go with the process.
    }
  }

  private IOException readFailure(SQLException e) {
    return new IOException("cannot read " + database + ": " + e.getMessage(), e);
  }

  @Override
  public String failure() {
    return lastFailure;
  }

  @Override
  public long size() {
    return size.get();
  }

  @Override
  public byte[] tokenKey() {
    return tokenKey.clone();
  }

  @Override
  public int pendingEvents() {
    synchronized (queueLock) {
      return queuedEvents;
    }
  }

  @Override
  public void clear() throws IOException {
    Call call = new Call(null, new CompletableFuture<>());
    synchronized (queueLock) {
      if (closed) {
        throw closedException();
      }
      queue.add(call);
      queueLock.notifyAll();
    }
    try {
      call.done().join();
    } catch (CompletionException e) {
      throw new IOException("cannot clear " + database + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (queueLock) {
      if (closed) {
        return;
      }
      closed = true;
      queueLock.notifyAll();
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
    for (Connection connection : readers) {
      closeQuietly(connection);
    }
    readers.clear();
    idleReaders.clear();
    try (FileChannel closing = log) {
      writer.close();
    } catch (SQLException e) {
      throw new IOException("cannot close " + database + ": " + e.getMessage(), e);
    } finally {
      lock.release();
      lockChannel.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedStore[" + directory + "]";
  }
}

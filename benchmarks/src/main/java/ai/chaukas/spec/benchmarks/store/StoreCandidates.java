package ai.chaukas.spec.benchmarks.store;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.testing.internal.SampleEvents;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Compares embedded durable stores for the reference server under one workload: 4 writer threads
 * each submit batches of 100 events (~1.5 KB serialized {@code Event}s, random UUID ids, 4 tenants,
 * increasing timestamps) to one group-commit thread, which takes everything queued, writes it in one
 * transaction / batch / append, syncs to disk, then acknowledges. Prints durable events/s, events
 * per commit, bytes on disk per event, and query latencies over what the write run stored.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.chaukas.spec.benchmarks.store.StoreCandidates \
 *     [--seconds 10] [--warmup 3] [--rounds 2] [--candidates a,b,...]
 * </pre>
 *
 * Candidates run one after another, round after round (interleaved), each in a fresh directory
 * under {@code benchmarks/target/store-candidates/}, deleted after its run.
 */
public final class StoreCandidates {

  static final int WRITERS = 4;
  static final int BATCH = 100;
  static final int TENANTS = 4;
  static final int EVENTS_PER_SESSION = 50;
  static final long BASE_SECONDS = 1_764_720_000L;

  /** One event as the store sees it: the fields it indexes, and the serialized event. */
  record Rec(String tenant, String eventId, String session, long sec, int nanos, int type, byte[] body) {}

  interface Store extends AutoCloseable {
    void write(List<Rec> recs) throws Exception;

    /** Events of one session in (ts, event_id) order; returns how many. */
    int session(String tenant, String session) throws Exception;

    /** Keyset page: the 100 events of a tenant after (sec, nanos, ""), in order; returns how many. */
    int page(String tenant, long sec, int nanos) throws Exception;

    /** Counts by type and distinct sessions of a tenant; returns distinct sessions, or -1 if not offered. */
    long stats(String tenant) throws Exception;

    /** Called after the write run: flush what only memory holds (not the WAL of a synced write). */
    default void settle() throws Exception {}

    /** Reopen from disk and report how long recovery took (ms), or -1 if trivial. */
    default long reopenMillis() throws Exception {
      return -1;
    }

    @Override
    void close() throws Exception;
  }

  // ---------------------------------------------------------------------------------------------
  // SQLite

  static final class SqliteStore implements Store {
    final Path file;
    final String variant;
    final Connection w;
    final PreparedStatement insert;
    Connection r;

    SqliteStore(Path dir, String variant) throws SQLException {
      this.file = dir.resolve("events.db");
      this.variant = variant;
      w = open();
      try (Statement s = w.createStatement()) {
        boolean withoutRowid = variant.equals("worowid");
        s.execute(
            "CREATE TABLE events (tenant_id TEXT NOT NULL, event_id TEXT NOT NULL, session_id TEXT"
                + " NOT NULL, ts_seconds INTEGER NOT NULL, ts_nanos INTEGER NOT NULL, type INTEGER NOT"
                + " NULL, body BLOB NOT NULL"
                + (withoutRowid ? ", PRIMARY KEY (tenant_id, event_id)) WITHOUT ROWID" : ")"));
        if (!withoutRowid && !variant.equals("bare")) {
          s.execute("CREATE UNIQUE INDEX events_id ON events (tenant_id, event_id)");
        }
        if (!variant.equals("bare") && !variant.equals("unique")) {
          s.execute(
              "CREATE INDEX events_ts ON events (tenant_id, ts_seconds, ts_nanos, event_id)");
        }
        if (variant.equals("session")) {
          s.execute(
              "CREATE INDEX events_session ON events"
                  + " (tenant_id, session_id, ts_seconds, ts_nanos, event_id)");
        }
      }
      w.setAutoCommit(false);
      insert =
          w.prepareStatement(
              "INSERT OR IGNORE INTO events (tenant_id, event_id, session_id, ts_seconds, ts_nanos,"
                  + " type, body) VALUES (?, ?, ?, ?, ?, ?, ?)");
    }

    Connection open() throws SQLException {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA cache_size=-65536");
        s.execute("PRAGMA busy_timeout=5000");
      }
      return c;
    }

    @Override
    public void write(List<Rec> recs) throws SQLException {
      for (Rec e : recs) {
        insert.setString(1, e.tenant);
        insert.setString(2, e.eventId);
        insert.setString(3, e.session);
        insert.setLong(4, e.sec);
        insert.setInt(5, e.nanos);
        insert.setInt(6, e.type);
        insert.setBytes(7, e.body);
        insert.executeUpdate();
      }
      w.commit();
    }

    Connection reader() throws SQLException {
      if (r == null) {
        r = open();
      }
      return r;
    }

    @Override
    public int session(String tenant, String session) throws SQLException {
      try (PreparedStatement q =
          reader()
              .prepareStatement(
                  "SELECT body FROM events WHERE tenant_id = ? AND session_id = ?"
                      + " ORDER BY ts_seconds, ts_nanos, event_id")) {
        q.setString(1, tenant);
        q.setString(2, session);
        return drain(q);
      }
    }

    @Override
    public int page(String tenant, long sec, int nanos) throws SQLException {
      try (PreparedStatement q =
          reader()
              .prepareStatement(
                  "SELECT body FROM events WHERE tenant_id = ? AND (ts_seconds, ts_nanos, event_id)"
                      + " > (?, ?, '') ORDER BY ts_seconds, ts_nanos, event_id LIMIT 100")) {
        q.setString(1, tenant);
        q.setLong(2, sec);
        q.setInt(3, nanos);
        return drain(q);
      }
    }

    @Override
    public long stats(String tenant) throws SQLException {
      long n = 0;
      try (PreparedStatement q =
          reader()
              .prepareStatement("SELECT type, count(*) FROM events WHERE tenant_id = ? GROUP BY type")) {
        q.setString(1, tenant);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            n += rs.getLong(2);
          }
        }
      }
      try (PreparedStatement q =
          reader()
              .prepareStatement("SELECT count(DISTINCT session_id) FROM events WHERE tenant_id = ?")) {
        q.setString(1, tenant);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }

    static int drain(PreparedStatement q) throws SQLException {
      int n = 0;
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          if (rs.getBytes(1).length > 0) {
            n++;
          }
        }
      }
      return n;
    }

    @Override
    public void settle() throws SQLException {
      try (Statement s = w.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      w.commit();
    }

    @Override
    public void close() throws SQLException {
      insert.close();
      w.close();
      if (r != null) {
        r.close();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // RocksDB: e|tenant|id -> ts key (idempotency); t|tenant|sec|nanos|id -> event;
  // s|tenant|session|sec|nanos|id -> empty (one-session query)

  static final class RocksStore implements Store {
    static {
      RocksDB.loadLibrary();
    }

    final Options options;
    final WriteOptions sync;
    final RocksDB db;

    RocksStore(Path dir, boolean bloom) throws RocksDBException {
      options = new Options().setCreateIfMissing(true);
      if (bloom) {
        // Idempotency looks up every new id, which is absent: a Bloom filter answers most misses
        // without reading a data block of each SST file.
        options.setTableFormatConfig(
            new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(10, false)));
      }
      sync = new WriteOptions().setSync(true);
      db = RocksDB.open(options, dir.toString());
    }

    static byte[] key(char kind, String... parts) {
      return (kind + "|" + String.join("|", parts)).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] tsKey(String tenant, long sec, int nanos, String id) {
      byte[] t = (tenant + "|").getBytes(StandardCharsets.UTF_8);
      byte[] i = id.getBytes(StandardCharsets.UTF_8);
      ByteBuffer b = ByteBuffer.allocate(2 + t.length + 12 + i.length);
      b.put((byte) 't').put((byte) '|').put(t).putLong(sec).putInt(nanos).put(i);
      return b.array();
    }

    static byte[] sessionKey(String tenant, String session, long sec, int nanos, String id) {
      byte[] t = (tenant + "|" + session + "|").getBytes(StandardCharsets.UTF_8);
      byte[] i = id.getBytes(StandardCharsets.UTF_8);
      ByteBuffer b = ByteBuffer.allocate(2 + t.length + 12 + i.length);
      b.put((byte) 's').put((byte) '|').put(t).putLong(sec).putInt(nanos).put(i);
      return b.array();
    }

    @Override
    public void write(List<Rec> recs) throws RocksDBException {
      try (WriteBatch batch = new WriteBatch()) {
        for (Rec e : recs) {
          byte[] idKey = key('e', e.tenant, e.eventId);
          if (db.get(idKey) != null) {
            continue; // idempotent: already stored
          }
          byte[] ts = tsKey(e.tenant, e.sec, e.nanos, e.eventId);
          batch.put(idKey, ts);
          batch.put(ts, e.body);
          batch.put(sessionKey(e.tenant, e.session, e.sec, e.nanos, e.eventId), new byte[0]);
        }
        db.write(sync, batch);
      }
    }

    static boolean startsWith(byte[] a, byte[] prefix) {
      return a.length >= prefix.length
          && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public int session(String tenant, String session) throws RocksDBException {
      byte[] prefix = ("s|" + tenant + "|" + session + "|").getBytes(StandardCharsets.UTF_8);
      int n = 0;
      try (RocksIterator it = db.newIterator()) {
        for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
          byte[] k = it.key();
          byte[] t = (tenant + "|").getBytes(StandardCharsets.UTF_8);
          ByteBuffer b = ByteBuffer.allocate(2 + t.length + k.length - prefix.length);
          b.put((byte) 't').put((byte) '|').put(t).put(k, prefix.length, k.length - prefix.length);
          if (db.get(b.array()) != null) {
            n++;
          }
        }
      }
      return n;
    }

    @Override
    public int page(String tenant, long sec, int nanos) throws RocksDBException {
      byte[] prefix = ("t|" + tenant + "|").getBytes(StandardCharsets.UTF_8);
      int n = 0;
      try (RocksIterator it = db.newIterator()) {
        for (it.seek(tsKey(tenant, sec, nanos, ""));
            n < 100 && it.isValid() && startsWith(it.key(), prefix);
            it.next()) {
          if (it.value().length > 0) {
            n++;
          }
        }
      }
      return n;
    }

    @Override
    public long stats(String tenant) throws Exception {
      // No aggregate: distinct sessions by walking the session index, types by parsing every event.
      byte[] prefix = ("s|" + tenant + "|").getBytes(StandardCharsets.UTF_8);
      long sessions = 0;
      byte[] last = null;
      try (RocksIterator it = db.newIterator()) {
        for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
          byte[] k = it.key();
          int end = prefix.length;
          while (k[end] != '|') {
            end++;
          }
          byte[] s = Arrays.copyOfRange(k, prefix.length, end);
          if (last == null || !Arrays.equals(s, last)) {
            sessions++;
            last = s;
          }
        }
      }
      Map<Integer, Long> byType = new HashMap<>();
      byte[] tp = ("t|" + tenant + "|").getBytes(StandardCharsets.UTF_8);
      try (RocksIterator it = db.newIterator()) {
        for (it.seek(tp); it.isValid() && startsWith(it.key(), tp); it.next()) {
          byType.merge(Event.parseFrom(it.value()).getTypeValue(), 1L, Long::sum);
        }
      }
      return sessions;
    }

    @Override
    public void settle() throws RocksDBException {
      try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
        db.flush(f);
      }
    }

    @Override
    public void close() {
      db.close();
      sync.close();
      options.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Append-only segment log with an in-memory index rebuilt by scanning at startup.
  // Record: int length | int crc32c | tenant | id | session (each short length + UTF-8)
  //         | long sec | int nanos | int type | body

  static final class SegmentLog implements Store {
    record Entry(long sec, int nanos, String id, String session, long offset, int length) {}

    static final Comparator<Entry> ORDER =
        Comparator.comparingLong(Entry::sec).thenComparingInt(Entry::nanos).thenComparing(Entry::id);

    final Path file;
    FileChannel ch;
    long end;
    Map<String, Map<String, Entry>> byId;
    Map<String, NavigableMap<Entry, Entry>> byTime;
    Map<String, Map<String, List<Entry>>> bySession;

    SegmentLog(Path dir) throws IOException {
      file = dir.resolve("segment-0.log");
      openAndScan();
    }

    void openAndScan() throws IOException {
      byId = new HashMap<>();
      byTime = new HashMap<>();
      bySession = new HashMap<>();
      ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long size = ch.size();
      ByteBuffer head = ByteBuffer.allocate(8);
      long pos = 0;
      CRC32C crc = new CRC32C();
      while (pos + 8 <= size) {
        head.clear();
        ch.read(head, pos);
        head.flip();
        int len = head.getInt();
        int sum = head.getInt();
        if (pos + 8 + len > size) {
          break; // torn tail
        }
        ByteBuffer rec = ByteBuffer.allocate(len);
        ch.read(rec, pos + 8);
        rec.flip();
        crc.reset();
        crc.update(rec.duplicate());
        if ((int) crc.getValue() != sum) {
          break;
        }
        String tenant = str(rec);
        String id = str(rec);
        String session = str(rec);
        long sec = rec.getLong();
        int nanos = rec.getInt();
        index(tenant, new Entry(sec, nanos, id, session, pos, 8 + len));
        pos += 8 + len;
      }
      end = pos;
      ch.truncate(end);
    }

    static String str(ByteBuffer b) {
      byte[] s = new byte[b.getShort()];
      b.get(s);
      return new String(s, StandardCharsets.UTF_8);
    }

    static void put(ByteBuffer b, byte[] s) {
      b.putShort((short) s.length).put(s);
    }

    boolean index(String tenant, Entry e) {
      if (byId.computeIfAbsent(tenant, t -> new HashMap<>()).putIfAbsent(e.id, e) != null) {
        return false;
      }
      byTime.computeIfAbsent(tenant, t -> new TreeMap<>(ORDER)).put(e, e);
      bySession
          .computeIfAbsent(tenant, t -> new HashMap<>())
          .computeIfAbsent(e.session, s -> new ArrayList<>())
          .add(e);
      return true;
    }

    @Override
    public void write(List<Rec> recs) throws IOException {
      List<ByteBuffer> out = new ArrayList<>(recs.size());
      List<Rec> fresh = new ArrayList<>(recs.size());
      List<Entry> entries = new ArrayList<>(recs.size());
      long pos = end;
      CRC32C crc = new CRC32C();
      for (Rec e : recs) {
        Map<String, Entry> ids = byId.get(e.tenant);
        if (ids != null && ids.containsKey(e.eventId)) {
          continue;
        }
        byte[] t = e.tenant.getBytes(StandardCharsets.UTF_8);
        byte[] i = e.eventId.getBytes(StandardCharsets.UTF_8);
        byte[] s = e.session.getBytes(StandardCharsets.UTF_8);
        int len = 6 + t.length + i.length + s.length + 16 + e.body.length;
        ByteBuffer b = ByteBuffer.allocate(8 + len);
        b.position(8);
        put(b, t);
        put(b, i);
        put(b, s);
        b.putLong(e.sec).putInt(e.nanos).putInt(e.type).put(e.body);
        crc.reset();
        crc.update(b.array(), 8, len);
        b.putInt(0, len).putInt(4, (int) crc.getValue());
        b.flip();
        out.add(b);
        fresh.add(e);
        entries.add(new Entry(e.sec, e.nanos, e.eventId, e.session, pos, 8 + len));
        pos += 8 + len;
      }
      ByteBuffer[] bufs = out.toArray(new ByteBuffer[0]);
      long want = pos - end;
      long wrote = 0;
      ch.position(end);
      while (wrote < want) {
        wrote += ch.write(bufs);
      }
      ch.force(false);
      end = pos;
      synchronized (this) {
        for (int k = 0; k < fresh.size(); k++) {
          index(fresh.get(k).tenant, entries.get(k));
        }
      }
    }

    int readAll(Iterable<Entry> entries, int limit) throws IOException {
      int n = 0;
      for (Entry e : entries) {
        if (n == limit) {
          break;
        }
        ByteBuffer b = ByteBuffer.allocate(e.length);
        ch.read(b, e.offset);
        if (b.position() == e.length) {
          n++;
        }
      }
      return n;
    }

    @Override
    public synchronized int session(String tenant, String session) throws IOException {
      List<Entry> es = new ArrayList<>(bySession.get(tenant).getOrDefault(session, List.of()));
      es.sort(ORDER);
      return readAll(es, Integer.MAX_VALUE);
    }

    @Override
    public synchronized int page(String tenant, long sec, int nanos) throws IOException {
      return readAll(byTime.get(tenant).tailMap(new Entry(sec, nanos, "", "", 0, 0), false).keySet(), 100);
    }

    @Override
    public synchronized long stats(String tenant) throws IOException {
      // Distinct sessions from memory; counts by type would need every record read (or another map).
      return bySession.get(tenant).size();
    }

    @Override
    public long reopenMillis() throws IOException {
      ch.close();
      byId = null;
      byTime = null;
      bySession = null;
      long t0 = System.nanoTime();
      openAndScan();
      return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Group commit

  static final class Submission {
    final List<Rec> recs;
    final CountDownLatch done = new CountDownLatch(1);
    volatile Throwable failure;

    Submission(List<Rec> recs) {
      this.recs = recs;
    }
  }

  /** Samples of written keys, for the queries afterwards. */
  record Sample(String tenant, String session, long sec, int nanos) {}

  static final class Result {
    String name;
    double eventsPerSecond;
    double eventsPerCommit;
    long stored;
    double bytesPerEvent;
    double sessionMicros;
    double pageMicros;
    double statsMillis;
    long reopenMillis = -1;
    double heapBytesPerEvent = -1;
  }

  static final byte[] TEMPLATE = SampleEvents.llmInvocation().toByteArray();
  static final AtomicLong CLOCK = new AtomicLong();
  static final AtomicLong SESSIONS = new AtomicLong();

  static Result run(String name, Path dir, double warmupSeconds, double seconds) throws Exception {
    Files.createDirectories(dir);
    System.gc();
    long heapBefore = usedHeap();
    Store store = open(name, dir);
    BlockingQueue<Submission> queue = new ArrayBlockingQueue<>(1024);
    AtomicLong acked = new AtomicLong();
    AtomicLong commits = new AtomicLong();
    AtomicLong committedEvents = new AtomicLong();
    List<Sample> samples = new ArrayList<>();
    stop = false;

    Thread committer =
        new Thread(
            () -> {
              List<Submission> taken = new ArrayList<>();
              List<Rec> all = new ArrayList<>();
              while (true) {
                taken.clear();
                all.clear();
                try {
                  Submission first = queue.take();
                  if (first.recs == null) {
                    return;
                  }
                  taken.add(first);
                  queue.drainTo(taken);
                } catch (InterruptedException e) {
                  return;
                }
                boolean poison = taken.get(taken.size() - 1).recs == null;
                if (poison) {
                  taken.remove(taken.size() - 1);
                }
                for (Submission s : taken) {
                  all.addAll(s.recs);
                }
                Throwable failure = null;
                try {
                  store.write(all);
                } catch (Throwable t) {
                  failure = t;
                }
                commits.incrementAndGet();
                committedEvents.addAndGet(all.size());
                for (Submission s : taken) {
                  s.failure = failure;
                  s.done.countDown();
                }
                if (poison) {
                  return;
                }
              }
            },
            "group-commit");
    committer.start();

    Thread[] writers = new Thread[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers[w] =
          new Thread(
              () -> {
                Event template;
                try {
                  template = Event.parseFrom(TEMPLATE);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                String session = null;
                int inSession = EVENTS_PER_SESSION;
                String tenant = "tenant-" + writer % TENANTS;
                long n = 0;
                while (!stop) {
                  List<Rec> recs = new ArrayList<>(BATCH);
                  for (int k = 0; k < BATCH; k++) {
                    if (inSession == EVENTS_PER_SESSION) {
                      session = "session-" + SESSIONS.incrementAndGet();
                      inSession = 0;
                    }
                    inSession++;
                    // ~1 ms apart across all writers, increasing.
                    long micros = CLOCK.addAndGet(1000 + ThreadLocalRandom.current().nextInt(50));
                    long sec = BASE_SECONDS + micros / 1_000_000;
                    int nanos = (int) (micros % 1_000_000) * 1000;
                    String id = UUID.randomUUID().toString();
                    Event e =
                        template.toBuilder()
                            .setEventId(id)
                            .setTenantId(tenant)
                            .setSessionId(session)
                            .setSpanId("span-" + id.substring(0, 8))
                            .setTimestamp(Timestamp.newBuilder().setSeconds(sec).setNanos(nanos))
                            .build();
                    recs.add(new Rec(tenant, id, session, sec, nanos, e.getTypeValue(), e.toByteArray()));
                    if (++n % 997 == 0) {
                      synchronized (samples) {
                        samples.add(new Sample(tenant, session, sec, nanos));
                      }
                    }
                  }
                  Submission s = new Submission(recs);
                  try {
                    queue.put(s);
                    s.done.await();
                  } catch (InterruptedException ex) {
                    return;
                  }
                  if (s.failure != null) {
                    s.failure.printStackTrace();
                    return;
                  }
                  acked.addAndGet(recs.size());
                }
              },
              "writer-" + w);
      writers[w].start();
    }

    Thread.sleep((long) (warmupSeconds * 1000));
    long a0 = acked.get();
    long c0 = commits.get();
    long e0 = committedEvents.get();
    long t0 = System.nanoTime();
    Thread.sleep((long) (seconds * 1000));
    long a1 = acked.get();
    long c1 = commits.get();
    long e1 = committedEvents.get();
    long t1 = System.nanoTime();
    stop = true;
    for (Thread t : writers) {
      t.join();
    }
    queue.put(new Submission(null));
    committer.join();

    Result r = new Result();
    r.name = name;
    r.eventsPerSecond = (a1 - a0) / ((t1 - t0) / 1e9);
    r.eventsPerCommit = (e1 - e0) / (double) Math.max(1, c1 - c0);
    r.stored = committedEvents.get();

    if (store instanceof SegmentLog) {
      System.gc();
      System.gc();
      r.heapBytesPerEvent = (usedHeap() - heapBefore) / (double) r.stored;
    }
    store.settle();

    Random rnd = new Random(42);
    r.sessionMicros = median(30, () -> {
      Sample s = samples.get(rnd.nextInt(samples.size()));
      int n = store.session(s.tenant, s.session);
      if (n == 0) {
        throw new IllegalStateException("empty session " + s);
      }
    });
    r.pageMicros = median(100, () -> {
      Sample s = samples.get(rnd.nextInt(samples.size()));
      store.page(s.tenant, s.sec, s.nanos);
    });
    r.statsMillis = median(3, () -> store.stats("tenant-" + rnd.nextInt(TENANTS))) / 1000.0;
    r.reopenMillis = store.reopenMillis();
    store.close();
    r.bytesPerEvent = dirSize(dir) / (double) r.stored;
    return r;
  }

  static volatile boolean stop;

  interface Op {
    void run() throws Exception;
  }

  /** Median of {@code n} timed runs after 3 untimed ones, in microseconds. */
  static double median(int n, Op op) throws Exception {
    for (int i = 0; i < 3; i++) {
      op.run();
    }
    double[] us = new double[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      op.run();
      us[i] = (System.nanoTime() - t) / 1000.0;
    }
    Arrays.sort(us);
    return us[n / 2];
  }

  static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  static Store open(String name, Path dir) throws Exception {
    switch (name) {
      case "sqlite-bare":
        return new SqliteStore(dir, "bare");
      case "sqlite-unique":
        return new SqliteStore(dir, "unique");
      case "sqlite":
        return new SqliteStore(dir, "ts");
      case "sqlite+session":
        return new SqliteStore(dir, "session");
      case "sqlite-without-rowid":
        return new SqliteStore(dir, "worowid");
      case "segment-log":
        return new SegmentLog(dir);
      case "rocksdb":
        return new RocksStore(dir, false);
      case "rocksdb-bloom":
        return new RocksStore(dir, true);
      default:
        throw new IllegalArgumentException("unknown candidate " + name);
    }
  }

  static long dirSize(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  public static void main(String[] args) throws Exception {
    double seconds = 10;
    double warmup = 3;
    int rounds = 2;
    String candidates =
        "sqlite-bare,sqlite-unique,sqlite,sqlite+session,sqlite-without-rowid,segment-log,rocksdb,"
            + "rocksdb-bloom";
    Path root = Paths.get("benchmarks/target/store-candidates");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--warmup" -> warmup = Double.parseDouble(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--candidates" -> candidates = args[++i];
        case "--dir" -> root = Paths.get(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.printf(
        "event %d bytes serialized; %d writers x %d events per submission, one group-commit thread;"
            + " warmup %.0f s, measured %.0f s%n",
        TEMPLATE.length, WRITERS, BATCH, warmup, seconds);
    System.out.println(
        "round | candidate | durable events/s | events/commit | stored | bytes/event on disk |"
            + " session query us | page of 100 us | stats ms | reopen ms | index heap bytes/event");
    int run = 0;
    for (int round = 1; round <= rounds; round++) {
      for (String name : candidates.split(",")) {
        Path dir = root.resolve(name + "-" + (++run));
        if (Files.exists(dir)) {
          delete(dir);
        }
        Result r = run(name, dir, warmup, seconds);
        System.out.printf(
            "%d | %s | %,.0f | %.0f | %,d | %,.0f | %,.0f | %,.0f | %,.1f | %s | %s%n",
            round, r.name, r.eventsPerSecond, r.eventsPerCommit, r.stored, r.bytesPerEvent,
            r.sessionMicros, r.pageMicros, r.statsMillis,
            r.reopenMillis < 0 ? "-" : String.format("%,d", r.reopenMillis),
            r.heapBytesPerEvent < 0 ? "-" : String.format("%,.0f", r.heapBytesPerEvent));
        delete(dir);
      }
    }
  }
}

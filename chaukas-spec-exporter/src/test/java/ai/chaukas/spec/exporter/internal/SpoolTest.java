package ai.chaukas.spec.exporter.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.exporter.internal.Spool.Mode;
import ai.chaukas.spec.exporter.internal.Spool.Record;
import ai.chaukas.spec.exporter.internal.Spool.SpoolFullException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpoolTest {

  /** Ten bytes of record plus the header: segments of {@link #TWO_RECORDS} hold two each. */
  private static final int FRAME = 18;

  private static final long TWO_RECORDS = 2 * FRAME;

  @TempDir Path dir;

  @Test
  void recordsComeBackInOrderWithTheirIdsAfterReopen() throws IOException {
    List<Long> ids = new ArrayList<>();
    try (Spool spool = open(Mode.SYNC, 1 << 20, 1 << 16)) {
      assertThat(spool.recovered()).isEmpty();
      for (String text : List.of("first", "", "third")) {
        ids.add(spool.append(text.getBytes(UTF_8)));
      }
      assertThat(ids).isSorted().doesNotHaveDuplicates();
      assertThat(spool.pendingRecords()).isEqualTo(3);
    }
    try (Spool spool = open(Mode.SYNC, 1 << 20, 1 << 16)) {
      assertThat(spool.recovered()).extracting(Record::id).isEqualTo(ids);
      assertThat(texts(spool.recovered())).containsExactly("first", "", "third");
      assertThat(spool.pendingRecords()).isEqualTo(3);
    }
  }

  @Test
  void idsStayUniqueAndIncreasingAcrossReopens() throws IOException {
    List<Long> ids = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      try (Spool spool = open(Mode.SYNC, 1 << 20, TWO_RECORDS)) {
        for (int i = 0; i < 3; i++) {
          ids.add(spool.append(record(i)));
        }
        // Acknowledging everything deletes the old segments, not the newest number.
        for (long id : ids) {
          spool.acknowledge(id);
        }
      }
    }
    assertThat(ids).hasSize(9).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void recoveredStaysTheSameUntilItsRecordsAreAcknowledged() throws IOException {
    try (Spool spool = open(Mode.SYNC, 1 << 20, 1 << 16)) {
      spool.append(record(1));
      spool.append(record(2));
    }
    try (Spool spool = open(Mode.SYNC, 1 << 20, 1 << 16)) {
      List<Record> first = spool.recovered();
      spool.append(record(3));
      assertThat(spool.recovered()).isEqualTo(first).hasSize(2);
      spool.acknowledge(first.get(0).id());
      assertThat(spool.recovered()).containsExactly(first.get(1));
      assertThat(spool.pendingRecords()).isEqualTo(2);
    }
  }

  @Test
  void aClosedSegmentIsDeletedOnceAllItsRecordsAreAcknowledged() throws IOException {
    try (Spool spool = open(Mode.SYNC, 1 << 20, TWO_RECORDS)) {
      long a = spool.append(record(1));
      long b = spool.append(record(2));
      long c = spool.append(record(3));
      assertThat(segmentFiles()).hasSize(2);

      spool.acknowledge(b);
      assertThat(segmentFiles()).hasSize(2);
      assertThat(spool.sizeBytes()).isEqualTo(3 * FRAME);

      spool.acknowledge(a);
      assertThat(segmentFiles()).hasSize(1);
      assertThat(spool.sizeBytes()).isEqualTo(FRAME).isEqualTo(bytesOnDisk());

      // The segment being written stays, acknowledged or not.
      spool.acknowledge(c);
      assertThat(segmentFiles()).hasSize(1);
      assertThat(spool.sizeBytes()).isEqualTo(FRAME).isEqualTo(bytesOnDisk());
      assertThat(spool.pendingRecords()).isZero();
    }
  }

  @Test
  void acknowledgementsSurviveAReopen() throws IOException {
    long a;
    long b;
    long c;
    try (Spool spool = open(Mode.SYNC, 1 << 20, TWO_RECORDS)) {
      a = spool.append(record(1));
      b = spool.append(record(2));
      c = spool.append(record(3));
      spool.acknowledge(a);
      spool.acknowledge(c);
    }
    try (Spool spool = open(Mode.SYNC, 1 << 20, TWO_RECORDS)) {
      assertThat(spool.recovered()).extracting(Record::id).containsExactly(b);
      assertThat(spool.pendingRecords()).isEqualTo(1);
      // The second segment had nothing left to send: deleted at open.
      assertThat(segmentFiles()).hasSize(2);
      spool.acknowledge(b);
      assertThat(segmentFiles()).hasSize(1);
      assertThat(spool.sizeBytes()).isZero().isEqualTo(bytesOnDisk());
    }
    assertThat(sideFiles()).isEmpty();
  }

  @Test
  void unknownAndRepeatedIdsAreIgnored() throws IOException {
    try (Spool spool = open(Mode.SYNC, 1 << 20, 1 << 16)) {
      long id = spool.append(record(1));
      spool.append(record(2));
      spool.acknowledge(id);
      spool.acknowledge(id);
      spool.acknowledge(id + 100);
      spool.acknowledge(-1);
      spool.acknowledge(Long.MAX_VALUE);
      assertThat(spool.pendingRecords()).isEqualTo(1);
    }
  }

  @Test
  void sizeBytesIsTheSizeOfTheSegmentFiles() throws IOException {
    try (Spool spool = open(Mode.SYNC, 1 << 20, 100)) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ids.add(spool.append(new byte[i * 3]));
        assertThat(spool.sizeBytes()).isEqualTo(bytesOnDisk());
      }
      for (long id : ids) {
        spool.acknowledge(id);
        assertThat(spool.sizeBytes()).isEqualTo(bytesOnDisk());
      }
    }
    try (Spool spool = open(Mode.SYNC, 1 << 20, 100)) {
      assertThat(spool.sizeBytes()).isEqualTo(bytesOnDisk());
    }
  }

  @Test
  void aFullSpoolRefusesARecordWithoutWritingAnything() throws IOException {
    try (Spool spool = open(Mode.SYNC, 5 * FRAME + 10, TWO_RECORDS)) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(spool.append(record(i)));
      }
      Map<Path, Long> before = fileSizes();

      assertThatThrownBy(() -> spool.append(record(5)))
          .isInstanceOf(SpoolFullException.class)
          .hasMessageContaining(dir.toString());
      assertThat(fileSizes()).isEqualTo(before);
      assertThat(spool.sizeBytes()).isEqualTo(5 * FRAME).isEqualTo(bytesOnDisk());
      assertThat(spool.pendingRecords()).isEqualTo(5);

      // Acknowledging part of a segment frees nothing; a whole segment does.
      spool.acknowledge(ids.get(0));
      assertThatThrownBy(() -> spool.append(record(5))).isInstanceOf(SpoolFullException.class);
      spool.acknowledge(ids.get(1));
      spool.append(record(5));
      assertThat(spool.sizeBytes()).isEqualTo(4 * FRAME).isEqualTo(bytesOnDisk());
    }
  }

  @Test
  void aFullSpoolClosesTheSegmentBeingWrittenWhenThatMakesRoom() throws IOException {
    // Smaller than one segment: only the segment being written can ever be freed.
    try (Spool spool = open(Mode.SYNC, 2 * FRAME + 4, 1 << 16)) {
      long a = spool.append(record(1));
      long b = spool.append(record(2));
      spool.acknowledge(a);
      assertThatThrownBy(() -> spool.append(record(3))).isInstanceOf(SpoolFullException.class);
      spool.acknowledge(b);
      spool.append(record(3));
      assertThat(spool.sizeBytes()).isEqualTo(FRAME).isEqualTo(bytesOnDisk());
    }
  }

  @Test
  void aSecondOpenOfTheDirectoryIsRefusedWhileTheFirstIsOpen() throws IOException {
    try (Spool spool = open(Mode.SYNC, 1 << 20, 1 << 16)) {
      spool.append(record(1));
      assertThatThrownBy(() -> open(Mode.ASYNC, 1 << 20, 1 << 16))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(dir.toString());
      // Still usable after the refusal.
      spool.append(record(2));
    }
    try (Spool spool = open(Mode.SYNC, 1 << 20, 1 << 16)) {
      assertThat(spool.recovered()).hasSize(2);
    }
  }

  @Test
  void appendAfterCloseIsRefusedAndCloseCanBeRepeated() throws IOException {
    Spool spool = open(Mode.ASYNC, 1 << 20, 1 << 16);
    long id = spool.append(record(1));
    spool.close();
    spool.close();
    assertThatThrownBy(() -> spool.append(record(2))).isInstanceOf(IllegalStateException.class);
    spool.acknowledge(id);
    assertThat(spool.pendingRecords()).isEqualTo(1);
  }

  @Test
  void asyncModeForcesInTheBackgroundAndItsThreadEndsOnClose() throws Exception {
    try (Spool spool =
        Spool.open(dir, Mode.ASYNC, Duration.ofMillis(10), 1 << 20, 1 << 16)) {
      spool.append(record(1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (spool.forceCount() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(spool.forceCount()).isPositive();
      assertThat(spoolThreads()).isNotEmpty();
    }
    assertThat(spoolThreads()).isEmpty();
    try (Spool spool = open(Mode.ASYNC, 1 << 20, 1 << 16)) {
      assertThat(spool.recovered()).hasSize(1);
    }
  }

  /** How a crash can leave the last record of a segment. */
  enum Damage {
    /** Cut inside the record's bytes. */
    SHORT_BYTES,
    /** Cut inside the record's header. */
    SHORT_HEADER,
    /** Last byte changed: the checksum no longer matches. */
    FLIPPED_BYTE,
    /** Length rewritten to more than the file holds. */
    HUGE_LENGTH,
    /** Whole frame zeroed, as a file system may show blocks it had not written. */
    ZEROED
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void aTornLastRecordIsDroppedAndAppendsGoOn(Damage damage) throws IOException {
    List<Long> kept = new ArrayList<>();
    try (Spool spool = open(Mode.SYNC, 1 << 20, 1 << 16)) {
      kept.add(spool.append(record(1)));
      kept.add(spool.append(record(2)));
      spool.append(record(3));
    }
    Path segment = segmentFiles().get(0);
    long lastFrame = 2 * FRAME;
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      switch (damage) {
        case SHORT_BYTES -> file.setLength(lastFrame + Spool.HEADER_BYTES + 4);
        case SHORT_HEADER -> file.setLength(lastFrame + 5);
        case FLIPPED_BYTE -> {
          file.seek(file.length() - 1);
          int last = file.read();
          file.seek(file.length() - 1);
          file.write(last ^ 0x40);
        }
        case HUGE_LENGTH -> {
          file.seek(lastFrame);
          file.writeInt(1 << 30);
        }
        case ZEROED -> {
          file.seek(lastFrame);
          file.write(new byte[FRAME]);
        }
      }
    }

    try (Spool spool = open(Mode.SYNC, 1 << 20, 1 << 16)) {
      assertThat(spool.recovered()).extracting(Record::id).isEqualTo(kept);
      assertThat(texts(spool.recovered())).containsExactly("record-001", "record-002");
      assertThat(spool.sizeBytes()).isEqualTo(bytesOnDisk());
      kept.add(spool.append(record(4)));
    }
    try (Spool spool = open(Mode.SYNC, 1 << 20, 1 << 16)) {
      assertThat(spool.recovered()).extracting(Record::id).isEqualTo(kept);
      assertThat(texts(spool.recovered()))
          .containsExactly("record-001", "record-002", "record-004");
    }
  }

  @Test
  void concurrentSyncAppendsGetDistinctIdsAndShareForces() throws Exception {
    int threads = 8;
    int perThread = 250;
    Map<Long, String> appended = new ConcurrentHashMap<>();
    long forces;
    try (Spool spool = open(Mode.SYNC, 1 << 24, 1 << 14)) {
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                      String text = thread + "/" + i;
                      long id = spool.append(text.getBytes(UTF_8));
                      assertThat(appended.put(id, text)).isNull();
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> future : futures) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      forces = spool.forceCount();
    }
    assertThat(appended).hasSize(threads * perThread);
    assertThat(forces).isPositive().isLessThan(threads * perThread);
    try (Spool spool = open(Mode.SYNC, 1 << 24, 1 << 14)) {
      Map<Long, String> recovered =
          spool.recovered().stream()
              .collect(Collectors.toMap(Record::id, r -> new String(r.bytes(), UTF_8)));
      assertThat(recovered).isEqualTo(appended);
      assertThat(spool.recovered()).extracting(Record::id).isSorted();
    }
  }

  @Test
  void asyncAppendsAcknowledgedAtOnceFromManyThreadsLeaveOnlyTheLastSegment() throws Exception {
    int threads = 4;
    int perThread = 500;
    // Segments of two records, acknowledged before any force: deleted while awaiting it.
    try (Spool spool = Spool.open(dir, Mode.ASYNC, Duration.ofMillis(1), 1 << 20, TWO_RECORDS)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      spool.acknowledge(spool.append(record(i)));
                    }
                    return null;
                  }));
        }
        for (Future<?> future : futures) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(spool.pendingRecords()).isZero();
      assertThat(segmentFiles()).hasSize(1);
      assertThat(spool.sizeBytes()).isEqualTo(bytesOnDisk()).isLessThanOrEqualTo(TWO_RECORDS);
    }
    try (Spool spool = open(Mode.SYNC, 1 << 20, TWO_RECORDS)) {
      assertThat(spool.recovered()).isEmpty();
      assertThat(segmentFiles()).hasSize(1);
      assertThat(spool.sizeBytes()).isZero();
    }
  }

  private Spool open(Mode mode, long maxBytes, long segmentBytes) throws IOException {
    return Spool.open(dir, mode, Duration.ofMillis(50), maxBytes, segmentBytes);
  }

  /** Ten bytes: a frame of {@link #FRAME}. */
  private static byte[] record(int n) {
    return String.format("record-%03d", n).getBytes(UTF_8);
  }

  private static List<String> texts(List<Record> records) {
    return records.stream().map(r -> new String(r.bytes(), UTF_8)).collect(Collectors.toList());
  }

  private List<Path> segmentFiles() throws IOException {
    return filesEndingWith(Spool.SEGMENT_SUFFIX);
  }

  private List<Path> sideFiles() throws IOException {
    return filesEndingWith(Spool.ACK_SUFFIX);
  }

  private List<Path> filesEndingWith(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().collect(Collectors.toList());
    }
  }

  private long bytesOnDisk() throws IOException {
    long total = 0;
    for (Path file : segmentFiles()) {
      total += Files.size(file);
    }
    return total;
  }

  private Map<Path, Long> fileSizes() throws IOException {
    Map<Path, Long> sizes = new ConcurrentHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        sizes.put(file, Files.size(file));
      }
    }
    return sizes;
  }

  private static List<Thread> spoolThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("chaukas-spool-sync") && t.isAlive())
        .collect(Collectors.toList());
  }
}

package ai.chaukas.spec.exporter.internal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * Keeps exported records in a directory on disk until they are acknowledged, so that a record the
 * exporter accepted survives a crash of the process.
 *
 * <p>Records are opaque byte arrays, appended to segment files named by their number ({@code
 * 00000000000000000001.seg}). Each record is framed as its length (int), a CRC32C (int) of the
 * length's four bytes followed by the record, and the record. A new segment starts when the one
 * being written reaches {@code segmentBytes}, and each open starts a new segment rather than
 * appending after what an earlier process may have left half written. A record's id is its
 * segment's number in the high 32 bits and its index in the segment in the low 32, so ids increase
 * and are never reused, across restarts too: the segment being written is never deleted, so the
 * highest number is always on disk.
 *
 * <p>A segment is deleted once it is no longer being written and all its records have been
 * acknowledged. Acknowledgements are kept in memory and also appended, without forcing, to a small
 * side file per segment ({@code 00000000000000000001.ack}), so that after a restart {@link
 * #recovered()} leaves out most records acknowledged before it; those whose acknowledgement did
 * not reach the disk are recovered again, which the server's deduplication by event id absorbs.
 *
 * <p>{@code maxBytes} bounds the bytes of segment files on disk (side files, four bytes per
 * acknowledgement, are not counted). Acknowledging frees space only when it deletes a whole
 * segment, so a spool full of acknowledged records in a segment still being written stays full
 * until that segment is closed: {@link #append} closes it when that is what would make room.
 *
 * <p>Writes and forces go through {@link FileOutputStream} and {@link
 * java.io.FileDescriptor#sync()} (fsync, as {@code FileChannel.force(true)}) rather than a {@link
 * FileChannel}, because a {@code FileChannel} closes itself when a thread using it is interrupted,
 * and an exporter's callers may well be interrupted.
 *
 * <p>Thread-safe. Nothing is logged: failures are thrown to the caller.
 */
public final class Spool implements Closeable {

  /** When {@link #append} returns relative to the record reaching the disk. */
  public enum Mode {
    /** {@link #append} returns once the record is forced to disk; concurrent appends share it. */
    SYNC,
    /** {@link #append} returns after the write; a background thread forces periodically. */
    ASYNC
  }

  /** Thrown by {@link #append} when the record would take the spool beyond its byte limit. */
  public static final class SpoolFullException extends IOException {
    private static final long serialVersionUID = 1L;

    SpoolFullException(String message) {
      super(message);
    }
  }

  /**
   * A record with the id that {@link #acknowledge} takes. The array is the spool's own and must not
   * be modified; {@code equals}, as for any record, compares it by identity.
   *
   * @param id the record's id, unique within the spool directory
   * @param bytes the record as appended
   */
  public record Record(long id, byte[] bytes) {}

  static final String LOCK_FILE = "spool.lock";
  static final String SEGMENT_SUFFIX = ".seg";
  static final String ACK_SUFFIX = ".ack";
  /** The frame's length and checksum. */
  static final int HEADER_BYTES = 8;

  private static final int NUMBER_DIGITS = 20;
  /** Keeps ids positive: the segment number becomes the id's high 32 bits. */
  private static final long MAX_SEGMENT_NUMBER = Integer.MAX_VALUE;
  /** Keeps a record's index a non-negative int, as BitSet and the side files take it. */
  private static final int MAX_RECORDS = Integer.MAX_VALUE;

  private final Path directory;
  private final Mode mode;
  private final long maxBytes;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  private final FileLock fileLock;
  private final Thread syncer;
  private final AtomicLong forces = new AtomicLong();

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a force ends and on close. */
  private final Condition changed = lock.newCondition();

  // Everything below is guarded by lock.
  private final Map<Long, Segment> segments = new HashMap<>();
  /** Recovered records not yet acknowledged, in id order. */
  private final Map<Long, byte[]> recovered = new LinkedHashMap<>();
  /** Segments no longer written whose file is still open: the next force forces and closes it. */
  private final List<Segment> sealedUnforced = new ArrayList<>();
  /** Fully acknowledged segments whose deletion failed, tried again on later acknowledgements. */
  private final List<Segment> undeleted = new ArrayList<>();
  private Segment current;
  private long totalBytes;
  private long pending;
  /** Appends written so far, and how many of them a completed force covers. */
  private long written;
  private long durable;
  private boolean forcing;
  private boolean closed;
  /** A failed write or force: what reached the disk is unknown, so no more appends. */
  private IOException failure;

  private Spool(
      Path directory,
      Mode mode,
      Duration asyncSyncInterval,
      long maxBytes,
      long segmentBytes,
      FileChannel lockChannel,
      FileLock fileLock) {
    this.directory = directory;
    this.mode = mode;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.lockChannel = lockChannel;
    this.fileLock = fileLock;
    if (mode == Mode.ASYNC) {
      long intervalNanos = asyncSyncInterval.toNanos();
      syncer = new Thread(() -> runSyncer(intervalNanos), "chaukas-spool-sync " + directory);
      syncer.setDaemon(true);
    } else {
      syncer = null;
    }
  }

  /**
   * Opens the spool in {@code directory}, creating the directory if needed, and recovers the
   * records an earlier process left in it (see {@link #recovered()}). Takes an exclusive {@link
   * FileLock} on the file {@code spool.lock} in the directory, held until {@link #close()}, so
   * that one spool directory has one writer.
   *
   * @param directory where the segment files are kept
   * @param mode whether {@link #append} waits for the disk
   * @param asyncSyncInterval in {@link Mode#ASYNC}, the longest time between forces; must be
   *     positive in either mode
   * @param maxBytes the most bytes of segment files on disk; positive
   * @param segmentBytes the size at which a segment is closed and a new one started; positive
   * @return the open spool
   * @throws IOException if the directory is already open, by this process or another (the message
   *     names the directory), or cannot be read or written
   */
  public static Spool open(
      Path directory, Mode mode, Duration asyncSyncInterval, long maxBytes, long segmentBytes)
      throws IOException {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(asyncSyncInterval, "asyncSyncInterval");
    if (asyncSyncInterval.isNegative() || asyncSyncInterval.isZero()) {
      throw new IllegalArgumentException(
          "asyncSyncInterval must be positive: " + asyncSyncInterval);
    }
    if (maxBytes <= 0 || segmentBytes <= 0) {
      throw new IllegalArgumentException(
          "maxBytes and segmentBytes must be positive: " + maxBytes + ", " + segmentBytes);
    }
    Files.createDirectories(directory);
    Path lockPath = directory.resolve(LOCK_FILE);
    FileChannel lockChannel =
        FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock fileLock;
    try {
      fileLock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      // This JVM holds it: FileChannel locks are per process.
      fileLock = null;
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw new IOException("cannot lock spool directory " + directory + " (" + lockPath + ")", e);
    }
    if (fileLock == null) {
      lockChannel.close();
      throw new IOException(
          "spool directory " + directory + " is already open (" + lockPath + " is locked)");
    }
    Spool spool =
        new Spool(
            directory, mode, asyncSyncInterval, maxBytes, segmentBytes, lockChannel, fileLock);
    try {
      spool.lock.lock();
      try {
        spool.recover();
      } finally {
        spool.lock.unlock();
      }
    } catch (IOException | RuntimeException | Error e) {
      spool.releaseFiles();
      throw e;
    }
    if (spool.syncer != null) {
      spool.syncer.start();
    }
    return spool;
  }

  /**
   * Returns the records left by an earlier process that have not been acknowledged since, in the
   * order they were appended. Records acknowledged before the earlier process ended may be among
   * them; a record torn by a crash mid-write, and anything after it in its segment, is not.
   *
   * @return the recovered records not yet acknowledged, oldest first
   */
  public List<Record> recovered() {
    lock.lock();
    try {
      List<Record> records = new ArrayList<>(recovered.size());
      recovered.forEach((id, bytes) -> records.add(new Record(id, bytes)));
      return records;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends a record. In {@link Mode#SYNC} returns only once the record is forced to disk; threads
   * appending at the same time share one force. In {@link Mode#ASYNC} returns once the record is
   * written to the file, and a background thread forces it within the interval given to {@link
   * #open}.
   *
   * @param record the record; the spool does not keep the array
   * @return the record's id, greater than every id the spool directory has given before
   * @throws SpoolFullException if the record would take the segment files beyond {@code maxBytes};
   *     nothing is written then
   * @throws IOException if the record cannot be written or forced; the spool then refuses all
   *     further appends, since what reached the disk is unknown
   * @throws IllegalStateException if the spool is closed
   */
  public long append(byte[] record) throws IOException {
    Objects.requireNonNull(record, "record");
    long frameBytes = HEADER_BYTES + (long) record.length;
    byte[] header =
        ByteBuffer.allocate(HEADER_BYTES)
            .putInt(record.length)
            .putInt(checksum(record))
            .array();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("spool " + directory + " is closed");
      }
      throwIfFailed();
      if (current.bytes >= segmentBytes || current.records == MAX_RECORDS) {
        roll();
      }
      if (totalBytes + frameBytes > maxBytes && current.records > 0 && current.allAcknowledged()) {
        // The only space left to free is the segment being written; closing it deletes it.
        roll();
      }
      if (totalBytes + frameBytes > maxBytes) {
        throw new SpoolFullException(
            "spool "
                + directory
                + " is full: "
                + totalBytes
                + " bytes on disk and a record of "
                + frameBytes
                + " would exceed the "
                + maxBytes
                + " allowed");
      }
      write(header, record);
      long id = id(current.number, current.records);
      current.records++;
      current.bytes += frameBytes;
      totalBytes += frameBytes;
      pending++;
      long sequence = ++written;
      if (mode == Mode.SYNC) {
        awaitDurable(sequence);
      }
      return id;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks a record as done (delivered, rejected or dropped): it is not recovered again, unless the
   * process ends before the acknowledgement reaches the disk. Deletes the record's segment when
   * this was its last unacknowledged record and it is no longer being written. Unknown or repeated
   * ids are ignored, as are all ids once the spool is closed.
   *
   * @param id an id from {@link #append} or {@link #recovered()}
   */
  public void acknowledge(long id) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      Segment segment = segments.get(id >>> 32);
      int index = (int) id;
      if (segment == null || index < 0 || index >= segment.records || segment.acked.get(index)) {
        return;
      }
      segment.acked.set(index);
      segment.ackedCount++;
      pending--;
      recovered.remove(id);
      segment.persistAcknowledgement(index);
      if (segment != current && segment.allAcknowledged()) {
        delete(segment);
      }
      retryDeletes();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the bytes of segment files on disk now, torn tails left by a crash included. This is
   * what {@code maxBytes} bounds.
   *
   * @return the total size of the segment files
   */
  public long sizeBytes() {
    lock.lock();
    try {
      return totalBytes;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns how many records have been appended or recovered and not acknowledged.
   *
   * @return the records still to be delivered
   */
  public long pendingRecords() {
    lock.lock();
    try {
      return pending;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forces what is written to disk, stops the background thread, closes the files and releases the
   * directory's lock. Appends are refused from then on; closing again does nothing.
   *
   * @throws IOException if the last force fails; the files are closed and the lock released anyway
   */
  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (syncer != null) {
      joinUninterruptibly(syncer);
    }
    lock.lock();
    try {
      while (forcing) {
        changed.awaitUninterruptibly();
      }
      if (failure == null && needsForce()) {
        forceAll();
      }
    } finally {
      releaseFiles();
      lock.unlock();
    }
  }

  /** How many forces have been done; a force may cover many appends. */
  long forceCount() {
    return forces.get();
  }

  static long id(long segmentNumber, int index) {
    return segmentNumber << 32 | index;
  }

  static String fileName(long segmentNumber, String suffix) {
    return String.format("%0" + NUMBER_DIGITS + "d%s", segmentNumber, suffix);
  }

  /** CRC32C of the record's length (four bytes) followed by the record. */
  static int checksum(byte[] record) {
    CRC32C crc = new CRC32C();
    // The length is covered so that a zero-filled tail, as a crash can leave, fails the check.
    crc.update(ByteBuffer.allocate(4).putInt(record.length).flip());
    crc.update(record);
    return (int) crc.getValue();
  }

  /** Reads the segments on disk, starts a new one and deletes those with nothing left to send. */
  private void recover() throws IOException {
    TreeMap<Long, Path> segmentFiles = new TreeMap<>();
    List<Long> ackFiles = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        long number = parseNumber(name, SEGMENT_SUFFIX);
        if (number > 0) {
          segmentFiles.put(number, file);
        }
        number = parseNumber(name, ACK_SUFFIX);
        if (number > 0) {
          ackFiles.add(number);
        }
      }
    } catch (IOException e) {
      throw new IOException("cannot list spool directory " + directory, e);
    }
    List<Segment> old = new ArrayList<>();
    for (long number : segmentFiles.keySet()) {
      Segment segment = new Segment(number);
      read(segment);
      segments.put(number, segment);
      old.add(segment);
    }
    long last = segmentFiles.isEmpty() ? 0 : segmentFiles.lastKey();
    for (long number : ackFiles) {
      last = Math.max(last, number);
    }
    if (last >= MAX_SEGMENT_NUMBER) {
      throw new IOException("spool directory " + directory + " has run out of segment numbers");
    }
    // The new segment exists before old ones are deleted, so the highest number stays on disk.
    current = create(last + 1);
    for (Segment segment : old) {
      if (segment.allAcknowledged()) {
        delete(segment);
      }
    }
    for (long number : ackFiles) {
      if (!segmentFiles.containsKey(number)) {
        // Left when a crash came between deleting a segment and deleting its side file.
        Path orphan = directory.resolve(fileName(number, ACK_SUFFIX));
        try {
          Files.deleteIfExists(orphan);
        } catch (IOException e) {
          throw new IOException("cannot delete spool file " + orphan, e);
        }
      }
    }
  }

  /** Returns the number in a spool file's name, or -1 if it is not such a name. */
  private static long parseNumber(String name, String suffix) {
    if (name.length() != NUMBER_DIGITS + suffix.length() || !name.endsWith(suffix)) {
      return -1;
    }
    for (int i = 0; i < NUMBER_DIGITS; i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(name.substring(0, NUMBER_DIGITS));
    } catch (NumberFormatException e) {
      // Twenty digits can exceed a long: not a name this class made.
      return -1;
    }
  }

  /** Reads an old segment's valid records, stopping at the first torn or corrupt one. */
  private void read(Segment segment) throws IOException {
    BitSet ackedBefore = readAcknowledgements(segment.ackPath);
    try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
      long size = channel.size();
      segment.bytes = size;
      totalBytes += size;
      DataInputStream in =
          new DataInputStream(
              new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
      long offset = 0;
      while (size - offset >= HEADER_BYTES && segment.records < MAX_RECORDS) {
        int length = in.readInt();
        int crc = in.readInt();
        // A length beyond the file is a torn record, or a corrupt length: never allocate it.
        if (length < 0 || length > size - offset - HEADER_BYTES) {
          break;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        if (checksum(bytes) != crc) {
          break;
        }
        offset += HEADER_BYTES + length;
        int index = segment.records++;
        if (ackedBefore.get(index)) {
          segment.acked.set(index);
          segment.ackedCount++;
        } else {
          recovered.put(id(segment.number, index), bytes);
          pending++;
        }
      }
    } catch (IOException e) {
      throw new IOException("cannot read spool segment " + segment.path, e);
    }
  }

  private static BitSet readAcknowledgements(Path ackPath) throws IOException {
    BitSet acked = new BitSet();
    if (!Files.exists(ackPath)) {
      return acked;
    }
    ByteBuffer buffer;
    try {
      buffer = ByteBuffer.wrap(Files.readAllBytes(ackPath));
    } catch (IOException e) {
      throw new IOException("cannot read spool file " + ackPath, e);
    }
    // A partial last index, cut by a crash, is ignored.
    while (buffer.remaining() >= 4) {
      int index = buffer.getInt();
      if (index >= 0) {
        acked.set(index);
      }
    }
    return acked;
  }

  private Segment create(long number) throws IOException {
    Segment segment = new Segment(number);
    try {
      Files.createFile(segment.path);
      segment.out = new FileOutputStream(segment.path.toFile(), true);
    } catch (IOException e) {
      throw new IOException("cannot create spool segment " + segment.path, e);
    }
    segments.put(number, segment);
    syncDirectory();
    return segment;
  }

  /** Makes a new segment's name as durable as the records that will be forced into it. */
  private void syncDirectory() throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(directory, StandardOpenOption.READ);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; their file systems journal names.
      return;
    }
    try (channel) {
      channel.force(true);
    } catch (IOException e) {
      throw new IOException("cannot sync spool directory " + directory, e);
    }
  }

  /** Closes the segment being written and starts the next. */
  private void roll() throws IOException {
    if (current.number >= MAX_SEGMENT_NUMBER) {
      throw new IOException("spool directory " + directory + " has run out of segment numbers");
    }
    Segment next = create(current.number + 1);
    Segment previous = current;
    current = next;
    // Its file stays open until a force has covered what was written to it.
    sealedUnforced.add(previous);
    if (previous.allAcknowledged()) {
      delete(previous);
    }
  }

  private void write(byte[] header, byte[] record) throws IOException {
    try {
      current.out.write(header);
      current.out.write(record);
    } catch (IOException e) {
      // A partial frame ends the segment's records at recovery, hiding any later append.
      failure = new IOException("cannot write to spool segment " + current.path, e);
      try {
        // Keeps sizeBytes exact when part of the frame was written.
        long size = Files.size(current.path);
        totalBytes += size - current.bytes;
        current.bytes = size;
      } catch (IOException sizeUnknown) {
        failure.addSuppressed(sizeUnknown);
      }
      throw failure;
    }
  }

  private void throwIfFailed() throws IOException {
    if (failure != null) {
      throw new IOException(
          "spool " + directory + " failed earlier: " + failure.getMessage(), failure);
    }
  }

  /** Waits until a force covers the append, forcing for every waiting thread if none is. */
  private void awaitDurable(long sequence) throws IOException {
    while (durable < sequence) {
      throwIfFailed();
      if (forcing) {
        // The record is written: giving up on an interrupt would leave its fate unknown.
        changed.awaitUninterruptibly();
      } else {
        forceAll();
      }
    }
  }

  private boolean needsForce() {
    return written > durable || !sealedUnforced.isEmpty();
  }

  /**
   * Forces every open segment with the lock released, so that appends go on meanwhile and the next
   * force covers them all. Called with the lock held and no force running.
   */
  private void forceAll() throws IOException {
    forcing = true;
    long target = written;
    List<Segment> sealed = new ArrayList<>(sealedUnforced);
    sealedUnforced.clear();
    Segment open = current;
    IOException error = null;
    lock.unlock();
    try {
      for (Segment segment : sealed) {
        segment.out.getFD().sync();
      }
      // Only forcing clears forcing, so no other thread closes these files meanwhile.
      open.out.getFD().sync();
      forces.incrementAndGet();
    } catch (IOException e) {
      error = e;
    } finally {
      lock.lock();
    }
    forcing = false;
    for (Segment segment : sealed) {
      segment.closeOut();
    }
    if (error == null) {
      durable = Math.max(durable, target);
    } else {
      failure = new IOException("cannot force spool segments in " + directory, error);
    }
    changed.signalAll();
    if (error != null) {
      throw failure;
    }
  }

  private void runSyncer(long intervalNanos) {
    lock.lock();
    try {
      while (!closed && failure == null) {
        long deadline = System.nanoTime() + intervalNanos;
        long remaining;
        while (!closed && (remaining = deadline - System.nanoTime()) > 0) {
          changed.awaitNanos(remaining);
        }
        if (!closed && !forcing && needsForce()) {
          forceAll();
        }
      }
    } catch (IOException e) {
      // Recorded in failure: the next append reports it.
    } catch (InterruptedException e) {
      // Only close stops this thread, and it does not interrupt: nothing to restore.
    } finally {
      lock.unlock();
    }
  }

  private void delete(Segment segment) {
    segment.closeAckOut();
    try {
      Files.deleteIfExists(segment.path);
    } catch (IOException e) {
      if (!undeleted.contains(segment)) {
        undeleted.add(segment);
      }
      return;
    }
    undeleted.remove(segment);
    segments.remove(segment.number);
    totalBytes -= segment.bytes;
    try {
      Files.deleteIfExists(segment.ackPath);
    } catch (IOException e) {
      // An orphan side file is deleted at the next open.
    }
  }

  private void retryDeletes() {
    for (Segment segment : new ArrayList<>(undeleted)) {
      delete(segment);
    }
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes every file and releases the directory's lock, ignoring failures: used on close. */
  private void releaseFiles() {
    for (Segment segment : segments.values()) {
      segment.closeOut();
      segment.closeAckOut();
    }
    for (Segment segment : sealedUnforced) {
      segment.closeOut();
    }
    sealedUnforced.clear();
    try {
      fileLock.release();
    } catch (IOException e) {
      // Closing the channel releases it too.
    }
    try {
      lockChannel.close();
    } catch (IOException e) {
      // Nothing more can be done: the process ending releases it.
    }
  }

  /** A segment file, its side file of acknowledgements and what is known of its records. */
  private final class Segment {
    final long number;
    final Path path;
    final Path ackPath;
    /** Open while the segment is written and until a force covers it; null otherwise. */
    FileOutputStream out;
    /** The side file, opened on the first acknowledgement. */
    FileOutputStream ackOut;
    /** Set once writing the side file fails, after which it is left alone. */
    boolean ackFailed;
    long bytes;
    int records;
    final BitSet acked = new BitSet();
    int ackedCount;

    Segment(long number) {
      this.number = number;
      this.path = directory.resolve(fileName(number, SEGMENT_SUFFIX));
      this.ackPath = directory.resolve(fileName(number, ACK_SUFFIX));
    }

    boolean allAcknowledged() {
      return ackedCount == records;
    }

    void persistAcknowledgement(int index) {
      if (ackFailed) {
        return;
      }
      try {
        if (ackOut == null) {
          ackOut = new FileOutputStream(ackPath.toFile(), true);
        }
        ackOut.write(ByteBuffer.allocate(4).putInt(index).array());
      } catch (IOException e) {
        // The side file only spares re-sending after a restart; without it the segment's
        // records are all recovered again, which the server's deduplication absorbs.
        ackFailed = true;
        closeAckOut();
      }
    }

    void closeOut() {
      if (out != null) {
        closeQuietly(out);
        out = null;
      }
    }

    void closeAckOut() {
      if (ackOut != null) {
        closeQuietly(ackOut);
        ackOut = null;
      }
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // Closing after the last write or force: nothing left that could be lost.
    }
  }
}

package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Reads a binary {@code EventBatch} or {@code IngestEventBatchRequest} one event at a time, holding
 * the bytes of at most one event, so that a batch of any size (also beyond protobuf's 2 GiB message
 * limit) is read in bounded memory.
 *
 * <p>What it reads equals protobuf's own parse of the whole input, and it refuses what that parse
 * refuses: the events in order, and the batch's own fields merged as protobuf merges them wherever
 * they stand among the events (the last scalar wins, messages merge, repeated fields concatenate; a
 * request holding {@code event_batch} several times has one batch with the events of all). Unknown
 * fields of the batch are kept in {@link #batch()}, as protobuf keeps them; those of an {@code
 * IngestEventBatchRequest} itself are checked as protobuf would and then dropped, as {@link
 * Container#batchOf} drops them. Protobuf's nesting limit applies at the depth a whole parse would
 * reach.
 *
 * <p>It differs from protobuf in two ways: it reads inputs larger than 2 GiB, and it refuses an
 * event, or one of the batch's own fields, larger than the {@code maxEventBytes} given to the
 * constructor. The batch's own fields are kept in memory until the end.
 */
final class BinaryBatchReader {

  /** Protobuf's default nesting limit, which a parse of the whole input applies. */
  private static final int RECURSION_LIMIT = 100;
  private static final int BATCH_TAG = 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int EVENT_TAG = 3 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final String DAMAGED = "check that the input is an intact binary ";
  private static final String CUT_SHORT = "check that the input is complete and is a binary ";

  /**
   * A binary batch that cannot be read, with where it went wrong: protobuf could not parse it either,
   * or it holds an event larger than allowed.
   */
  static final class MalformedBatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long eventIndex;
    private final long offset;

    MalformedBatchException(String message, long eventIndex, long offset, Throwable cause) {
      super(message, cause);
      this.eventIndex = eventIndex;
      this.offset = offset;
    }

    /** The index of the event being read, or of the next one when the problem lies between events. */
    long eventIndex() {
      return eventIndex;
    }

    /** The byte offset in the input where the problem was found. */
    long offset() {
      return offset;
    }
  }

  private final CountingInputStream source;
  private final CodedInputStream in;
  private final Container container;
  private final int maxEventBytes;
  private final int batchDepth;
  private final EventBatch.Builder batchFields = EventBatch.newBuilder();
  /** Bytes read before the last reset of {@code in}'s size counter, which would stop at 2 GiB. */
  private long retired;
  /** Where the current {@code event_batch} of a request ends; -1 outside one. */
  private long batchEnd = -1;
  private long fieldStart;
  private boolean inEvent;
  private long count;
  private boolean ended;
  private boolean failed;

  /**
   * Reads {@code input}, which the caller closes.
   *
   * @param container {@link Container#EVENT_BATCH} or {@link Container#INGEST_EVENT_BATCH_REQUEST}
   * @param maxEventBytes the most bytes one event (or one of the batch's own fields) may take
   */
  BinaryBatchReader(InputStream input, Container container, int maxEventBytes) {
    if (container != Container.EVENT_BATCH && container != Container.INGEST_EVENT_BATCH_REQUEST) {
      throw new IllegalArgumentException("only a batch or an ingest-batch request is read event by event, not "
          + container.cliName());
    }
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
    }
    this.source = new CountingInputStream(input);
    this.in = CodedInputStream.newInstance(source, 1 << 16);
    this.container = container;
    this.maxEventBytes = maxEventBytes;
    this.batchDepth = container == Container.EVENT_BATCH ? 0 : 1;
  }

  /**
   * The next event; empty at the end of the input.
   *
   * @throws MalformedBatchException if the input is not a well-formed binary batch; the reader
   *     cannot be used after that (nor after any other exception)
   */
  Optional<Event> next() throws IOException {
    if (failed) {
      throw new IllegalStateException("the reader failed on an earlier event");
    }
    try {
      return advance();
    } catch (InvalidProtocolBufferException e) {
      failed = true;
      throw source.ended()
          ? error(source.count(), "the input ends inside " + (inEvent ? "the event" : "a field"),
              CUT_SHORT + name(), e)
          : error(fieldStart, "malformed protobuf (" + detail(e) + ")", DAMAGED + name(), e);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /** How many events {@link #next()} has returned. */
  long count() {
    return count;
  }

  /**
   * The batch's own fields (batch id, timestamp, metadata, totals, unknown fields), without its
   * events; for a request, those of the batch it holds.
   *
   * @throws IllegalStateException before {@link #next()} has returned empty
   */
  EventBatch batch() {
    if (!ended) {
      throw new IllegalStateException("the batch's own fields are known once every event has been read");
    }
    return batchFields.build();
  }

  private Optional<Event> advance() throws IOException {
    while (!ended) {
      retired += in.getTotalBytesRead();
      in.resetSizeCounter();
      fieldStart = retired;
      if (container == Container.INGEST_EVENT_BATCH_REQUEST && batchEnd < 0) {
        if (in.isAtEnd()) {
          ended = true;
        } else {
          int tag = in.readTag();
          if (tag == BATCH_TAG) {
            int length = readLength("event_batch");
            batchEnd = position() + length;
          } else {
            skipRequestField(tag);
          }
        }
      } else if (fieldStart == batchEnd) {
        batchEnd = -1;
      } else if (in.isAtEnd()) {
        if (batchEnd >= 0) {
          throw error(fieldStart, "the input ends inside event_batch, which was to end at byte " + batchEnd,
              CUT_SHORT + name(), null);
        }
        ended = true;
      } else {
        int tag = in.readTag();
        checkWithinBatch(position(), "a field tag");
        if (tag == EVENT_TAG) {
          return Optional.of(readEvent());
        }
        mergeBatchField(tag);
      }
    }
    return Optional.empty();
  }

  private Event readEvent() throws IOException {
    inEvent = true;
    int length = readLength("the event");
    if (length > maxEventBytes) {
      throw error(fieldStart, "the event is " + length + " bytes, more than the " + maxEventBytes
          + " allowed for one event", DAMAGED + name(), null);
    }
    long payload = position();
    checkWithinBatch(payload + length, "the event");
    CodedInputStream event = CodedInputStream.newInstance(in.readRawBytes(length));
    event.setRecursionLimit(RECURSION_LIMIT - batchDepth - 1);
    try {
      Event parsed = Event.parser().parseFrom(event);
      event.checkLastTagWas(0);
      count++;
      inEvent = false;
      return parsed;
    } catch (InvalidProtocolBufferException e) {
      throw error(payload + event.getTotalBytesRead(), "the event is not a valid Event (" + detail(e) + ")",
          DAMAGED + name(), e);
    }
  }

  private void mergeBatchField(int tag) throws IOException {
    CodedInputStream field = CodedInputStream.newInstance(copyField(tag, "the batch's " + fieldName(tag)));
    field.setRecursionLimit(RECURSION_LIMIT - batchDepth);
    try {
      batchFields.mergeFrom(field);
    } catch (InvalidProtocolBufferException e) {
      throw error(fieldStart, "the batch's " + fieldName(tag) + " is not valid (" + detail(e) + ")",
          DAMAGED + name(), e);
    }
  }

  /** A field of the request other than its batch: unknown to protobuf, which keeps but never uses it. */
  private void skipRequestField(int tag) throws IOException {
    CodedInputStream field = CodedInputStream.newInstance(
        copyField(tag, "the request's field " + WireFormat.getTagFieldNumber(tag)));
    try {
      UnknownFieldSet.newBuilder().mergeFrom(field);
    } catch (InvalidProtocolBufferException e) {
      throw error(fieldStart, "the request's field " + WireFormat.getTagFieldNumber(tag) + " is not valid ("
          + detail(e) + ")", DAMAGED + name(), e);
    }
  }

  /**
   * Copies one field, its tag already read, into a byte array that protobuf can then parse. A
   * group is copied to its end-group tag without recursion, so that deep nesting fails in
   * protobuf's parse with its nesting limit rather than here.
   */
  private byte[] copyField(int tag, String what) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    Deque<Integer> groups = new ArrayDeque<>();
    for (int t = tag; ; t = in.readTag()) {
      if (t == 0) {
        throw error(source.count(), "the input ends inside " + what, CUT_SHORT + name(), null);
      }
      int number = WireFormat.getTagFieldNumber(t);
      out.writeUInt32NoTag(t);
      switch (WireFormat.getTagWireType(t)) {
        case WireFormat.WIRETYPE_VARINT -> out.writeUInt64NoTag(in.readRawVarint64());
        case WireFormat.WIRETYPE_FIXED64 -> out.writeFixed64NoTag(in.readRawLittleEndian64());
        case WireFormat.WIRETYPE_FIXED32 -> out.writeFixed32NoTag(in.readRawLittleEndian32());
        case WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int length = readLength(what);
          if (out.getTotalBytesWritten() + (long) length > maxEventBytes) {
            throw tooLarge(what);
          }
          checkWithinBatch(position() + length, what);
          out.writeUInt32NoTag(length);
          out.writeRawBytes(in.readRawBytes(length));
        }
        case WireFormat.WIRETYPE_START_GROUP -> groups.push(number);
        case WireFormat.WIRETYPE_END_GROUP -> {
          if (groups.isEmpty() || groups.pop() != number) {
            throw error(fieldStart, "an end-group tag for field " + number + " closes no group",
                DAMAGED + name(), null);
          }
        }
        default -> throw error(fieldStart, "field " + number + " has the invalid wire type "
            + WireFormat.getTagWireType(t), DAMAGED + name(), null);
      }
      checkWithinBatch(position(), what);
      if (out.getTotalBytesWritten() > maxEventBytes) {
        throw tooLarge(what);
      }
      if (groups.isEmpty()) {
        out.flush();
        return bytes.toByteArray();
      }
    }
  }

  private int readLength(String what) throws IOException {
    int length = in.readRawVarint32();
    if (length < 0) {
      throw error(fieldStart, "the length of " + what + " is negative", DAMAGED + name(), null);
    }
    return length;
  }

  /** Inside a request's batch, nothing may reach beyond the length the batch announced. */
  private void checkWithinBatch(long end, String what) throws MalformedBatchException {
    if (batchEnd >= 0 && end > batchEnd) {
      throw error(fieldStart, what + " runs past the end of event_batch at byte " + batchEnd,
          DAMAGED + name(), null);
    }
  }

  private MalformedBatchException tooLarge(String what) {
    return error(fieldStart, what + " takes more than the " + maxEventBytes + " bytes allowed for one field",
        DAMAGED + name(), null);
  }

  private long position() {
    return retired + in.getTotalBytesRead();
  }

  private String name() {
    return container == Container.EVENT_BATCH ? "EventBatch" : "IngestEventBatchRequest";
  }

  /** Reads as one sentence: where, what went wrong, and what to do. */
  private MalformedBatchException error(long offset, String problem, String advice, Throwable cause) {
    String where = inEvent ? "events[" + count + "]"
        : count == 0 ? "before the first event" : "after events[" + (count - 1) + "]";
    return new MalformedBatchException(where + ", byte " + offset + ": " + problem + "; " + advice, count, offset,
        cause);
  }

  /** The number, and the name when the batch has such a field (which it is only with its wire type). */
  private static String fieldName(int tag) {
    int number = WireFormat.getTagFieldNumber(tag);
    FieldDescriptor field = EventBatch.getDescriptor().findFieldByNumber(number);
    return "field " + number + (field == null ? "" : " (" + field.getName() + ")");
  }

  /** The first sentence of protobuf's message, which goes on with advice for programmers. */
  private static String detail(InvalidProtocolBufferException e) {
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf(". ");
    return (end < 0 ? message : message.substring(0, end)).replaceFirst("\\.$", "");
  }

  /**
   * Guesses from the first bytes of a binary input whether it is an {@code EventBatch} or an
   * {@code IngestEventBatchRequest}, for an input too large to parse whole. It decodes only tags
   * and lengths within {@code prefix}, never the values:
   *
   * <ul>
   *   <li>a request: every field in the prefix is {@code event_batch} (tag {@code 0x0A}, length
   *       delimited), none reaches beyond the input, and the content of each walks as a batch
   *       (below) with at least one event in view;
   *   <li>a batch: every field in the prefix is one of {@code EventBatch}'s with its wire type
   *       ({@code 0x0A} batch_id, {@code 0x12} timestamp, {@code 0x1A} an event, {@code 0x22}
   *       metadata, {@code 0x51}, {@code 0x58}, {@code 0x61} the totals), none reaches beyond the
   *       input, and at least one is an event.
   * </ul>
   *
   * <p>When the prefix is the whole input, the last field must end where the input ends. A request
   * is tried first: read as a batch it would be one of batch_id fields only, with no event. An
   * input with unknown fields, or whose first event lies beyond the prefix, is neither; so is an
   * {@code Event} or an {@code IngestEventRequest}, as an event's fields after its fourth (span_id,
   * type, ...) are not fields of a batch.
   *
   * @param prefix the first bytes of the input (64 KiB will do), possibly ending inside a field
   * @param totalLength the length of the whole input, or -1 when it is unknown
   * @return the container, or empty when the input looks like neither
   * @throws IllegalArgumentException if the prefix is longer than the input
   */
  static Optional<Container> detect(byte[] prefix, long totalLength) {
    if (totalLength >= 0 && totalLength < prefix.length) {
      throw new IllegalArgumentException("the prefix (" + prefix.length + " bytes) is longer than the input ("
          + totalLength + ")");
    }
    if (walkRequest(prefix, totalLength)) {
      return Optional.of(Container.INGEST_EVENT_BATCH_REQUEST);
    }
    if (walkBatch(prefix, 0, totalLength) > 0) {
      return Optional.of(Container.EVENT_BATCH);
    }
    return Optional.empty();
  }

  private static boolean walkRequest(byte[] bytes, long total) {
    boolean whole = total >= 0 && total == bytes.length;
    Prefix p = new Prefix(bytes, 0);
    boolean event = false;
    while (p.pos < bytes.length) {
      long tag = p.varint();
      long length = tag == Prefix.CUT ? Prefix.CUT : p.varint();
      if (length == Prefix.CUT) {
        return event && !whole;
      }
      if (tag != BATCH_TAG || length < 0 || length > Integer.MAX_VALUE) {
        return false;
      }
      long end = p.pos + length;
      if (total >= 0 && end > total) {
        return false;
      }
      int batch = walkBatch(bytes, p.pos, end);
      if (batch < 0) {
        return false;
      }
      event |= batch > 0;
      p.pos = end;
    }
    return event && (!whole || p.pos == total);
  }

  /**
   * Walks the fields of a batch from {@code from} to {@code end} (-1: the end is unknown), as far as
   * the prefix goes: -1 if they are not a batch's, 1 if they are and one is an event, 0 otherwise.
   */
  private static int walkBatch(byte[] bytes, long from, long end) {
    boolean whole = end >= 0 && end <= bytes.length;
    Prefix p = new Prefix(bytes, from);
    boolean event = false;
    while (p.pos < bytes.length && (end < 0 || p.pos < end)) {
      long tag = p.varint();
      long next;
      if (tag == 0x0A || tag == 0x12 || tag == EVENT_TAG || tag == 0x22) {
        long length = p.varint();
        event |= tag == EVENT_TAG;
        if (length == Prefix.BAD || length > Integer.MAX_VALUE) {
          return -1;
        }
        next = length == Prefix.CUT ? Prefix.CUT : p.pos + length;
      } else if (tag == 0x51 || tag == 0x61) {
        next = p.pos + 8;
      } else if (tag == 0x58) {
        long value = p.varint();
        if (value == Prefix.BAD) {
          return -1;
        }
        next = value == Prefix.CUT ? Prefix.CUT : p.pos;
      } else if (tag == Prefix.CUT) {
        next = Prefix.CUT;
      } else {
        return -1;
      }
      if (next == Prefix.CUT) {
        return whole ? -1 : event ? 1 : 0;
      }
      if (end >= 0 && next > end) {
        return -1;
      }
      p.pos = next;
    }
    if (whole && p.pos != end) {
      return -1;
    }
    return event ? 1 : 0;
  }

  /** A position in the prefix {@link #detect} looks at. */
  private static final class Prefix {
    /** The prefix ends inside the varint. */
    static final long CUT = -1;
    /** Not a varint: more than ten bytes. */
    static final long BAD = -2;

    private final byte[] bytes;
    long pos;

    Prefix(byte[] bytes, long pos) {
      this.bytes = bytes;
      this.pos = pos;
    }

    /** The next varint; one with the 64th bit set reads as {@code Long.MAX_VALUE}. */
    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= bytes.length) {
          return CUT;
        }
        byte b = bytes[(int) pos++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value < 0 ? Long.MAX_VALUE : value;
        }
      }
      return BAD;
    }
  }
}

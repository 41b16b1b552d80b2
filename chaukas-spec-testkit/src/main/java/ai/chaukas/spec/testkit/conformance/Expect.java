package ai.chaukas.spec.testkit.conformance;

import ai.chaukas.spec.common.v1.Event;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The assertions of the checks: each throws a {@link CheckFailure} with a one-line message. */
final class Expect {

  /** Ids shown of a list in a failure message; the rest are counted. */
  private static final int SHOWN_IDS = 12;

  private Expect() {}

  /** Fails with the formatted message unless {@code condition} holds. */
  static void that(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new CheckFailure(String.format(format, args));
    }
  }

  /** Fails unless {@code actual} equals {@code expected}: "{what}: expected E, got A". */
  static void equal(Object expected, Object actual, String what) {
    if (!Objects.equals(expected, actual)) {
      throw new CheckFailure(what + ": expected " + expected + ", got " + actual);
    }
  }

  /** Fails unless {@code actual} holds exactly {@code expected}, in this order. */
  static void ids(List<String> actual, String what, String... expected) {
    ids(actual, what, Arrays.asList(expected));
  }

  /** Fails unless {@code actual} holds exactly {@code expected}, in this order. */
  static void ids(List<String> actual, String what, List<String> expected) {
    if (!actual.equals(expected)) {
      throw new CheckFailure(what + ": expected " + show(expected) + ", got " + show(actual));
    }
  }

  /** Fails unless {@code description} contains {@code part}. */
  static void mentions(String description, String part, String what) {
    if (!description.contains(part)) {
      throw new CheckFailure(what + ": the status description must contain \"" + part
          + "\", it was \"" + description + "\"");
    }
  }

  /**
   * Fails unless the failed call carries a {@code google.rpc.Status} with a {@code
   * google.rpc.BadRequest} detail whose field violations name each of {@code fields}, as the
   * "Error details" section of {@code docs/server-semantics.md} requires.
   */
  static void namesFields(StatusRuntimeException failure, String what, String... fields) {
    String expected = String.join(", ", fields);
    com.google.rpc.Status details;
    try {
      details = StatusProto.fromThrowable(failure);
    } catch (IllegalArgumentException e) {
      throw new CheckFailure(what + ": its grpc-status-details-bin trailer is not a google.rpc.Status"
          + " with the call's code (" + e.getMessage() + "); send the details with the same code");
    }
    List<String> named = new ArrayList<>();
    boolean found = false;
    for (Any detail : details.getDetailsList()) {
      if (detail.is(BadRequest.class)) {
        found = true;
        try {
          detail.unpack(BadRequest.class).getFieldViolationsList()
              .forEach(v -> named.add(v.getField()));
        } catch (InvalidProtocolBufferException e) {
          throw new CheckFailure(
              what + ": its google.rpc.BadRequest detail does not parse (" + e.getMessage() + ")");
        }
      }
    }
    if (!found) {
      throw new CheckFailure(what + ": the status carries no google.rpc.BadRequest detail; send a"
          + " google.rpc.Status (StatusProto in grpc-java) whose BadRequest names the refused field "
          + expected + " by its path from the request message");
    }
    for (String field : fields) {
      if (!named.contains(field)) {
        throw new CheckFailure(what + ": the google.rpc.BadRequest detail names the fields " + named
            + "; it must name " + expected + " (paths from the request message)");
      }
    }
  }

  /**
   * Fails unless {@code stored} holds exactly the events {@code sent}, in this order and unchanged,
   * but for a {@code worm_proof_id} the server may add (a platform with audit proofs names one on
   * store).
   */
  static void sameEvents(List<Event> sent, List<Event> stored, String what) {
    ids(ids(stored), what, ids(sent));
    for (int i = 0; i < sent.size(); i++) {
      Event expected = sent.get(i);
      Event actual = stored.get(i);
      if (expected.getWormProofId().isEmpty()) {
        actual = actual.toBuilder().clearWormProofId().build();
      }
      that(expected.equals(actual), "%s: event %s is not the one ingested first: expected {%s}, got {%s}",
          what, expected.getEventId(), expected, actual);
    }
  }

  /** The events' ids, in order. */
  static List<String> ids(List<Event> events) {
    return events.stream().map(Event::getEventId).toList();
  }

  /** A list of ids, the first {@value #SHOWN_IDS} shown and the rest counted. */
  static String show(List<String> ids) {
    if (ids.size() <= SHOWN_IDS) {
      return ids.toString();
    }
    return ids.subList(0, SHOWN_IDS).toString().replaceFirst("]$", "")
        + ", ... " + (ids.size() - SHOWN_IDS) + " more]";
  }
}

package ai.chaukas.spec.testkit.conformance;

import ai.chaukas.spec.common.v1.Event;
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

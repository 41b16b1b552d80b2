package ai.chaukas.spec.toolkit.events;

import java.util.function.Supplier;

/** Draws ids from a caller-supplied source and rejects empty ones early. */
final class Ids {

  private Ids() {}

  static String next(Supplier<String> ids) {
    String id = ids.get();
    if (id == null || id.isEmpty()) {
      throw new IllegalStateException(
          "the id source returned " + (id == null ? "null" : "an empty id") + "; ids must be non-empty");
    }
    return id;
  }
}

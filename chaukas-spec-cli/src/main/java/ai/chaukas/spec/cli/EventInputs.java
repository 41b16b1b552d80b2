package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * All input files of one command, opened up front so that an unusable file stops the command
 * before anything is read or written, then read in command-line order, one item at a time (JSON
 * Lines and binary batches stay streamed).
 */
final class EventInputs implements Closeable {

  /** Receives each event or unreadable line with the file it came from; returns false to stop. */
  interface Visitor {
    boolean accept(EventInput in, EventInput.Item item) throws IOException;
  }

  private final List<EventInput> inputs;

  private EventInputs(List<EventInput> inputs) {
    this.inputs = inputs;
  }

  /** Opens every file, or none: on the first unusable file the others are closed again. */
  static EventInputs open(List<String> files, InputOptions options) throws UnusableInputException, IOException {
    List<EventInput> opened = new ArrayList<>();
    try {
      for (String file : files) {
        opened.add(EventInput.open(file, options.format, options.container));
      }
    } catch (UnusableInputException e) {
      for (EventInput in : opened) {
        in.close();
      }
      throw e;
    }
    return new EventInputs(opened);
  }

  List<EventInput> all() {
    return inputs;
  }

  /**
   * Visits every item of every file, in order, until the visitor returns false.
   *
   * @return false when the visitor stopped early
   * @throws UnusableInputException if a streamed binary batch turns out to be damaged
   */
  boolean forEach(Visitor visitor) throws IOException, UnusableInputException {
    for (EventInput in : inputs) {
      for (Optional<EventInput.Item> next; (next = in.next()).isPresent(); ) {
        if (!visitor.accept(in, next.get())) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (EventInput in : inputs) {
      try {
        in.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** {@code event_id} as it may be printed, or {@code (no event_id)} when it is empty. */
  static String idOf(Event event) {
    return event.getEventId().isEmpty() ? "(no event_id)" : Printable.of(event.getEventId());
  }

  /** {@code FILE:LOCATION} of an item, as it may be printed. */
  static String where(EventInput in, EventInput.Item item) {
    return in.label() + ":" + item.location();
  }

  /** {@code FILE:LOCATION: unreadable: WHY} of an item without an event, or that it is an unfinished last line. */
  static String unreadable(EventInput in, EventInput.Item item) {
    return where(in, item) + (item.incomplete() ? ": incomplete last line (no line end; is it still being written?): "
        : ": unreadable: ") + item.error();
  }
}

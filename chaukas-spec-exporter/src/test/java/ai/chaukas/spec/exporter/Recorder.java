package ai.chaukas.spec.exporter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A listener that keeps everything it is told. */
final class Recorder implements ExportListener {
  final AtomicLong sent = new AtomicLong();
  final Map<String, String> rejected = new ConcurrentHashMap<>();
  final Map<DropReason, AtomicLong> dropped = new ConcurrentHashMap<>();
  final List<String> retries = new CopyOnWriteArrayList<>();

  @Override
  public void sent(int events) {
    sent.addAndGet(events);
  }

  @Override
  public void rejected(String eventId, String reason) {
    rejected.put(eventId, reason);
  }

  @Override
  public void dropped(DropReason reason, int events) {
    dropped.computeIfAbsent(reason, r -> new AtomicLong()).addAndGet(events);
  }

  @Override
  public void retried(int events, String cause, Duration delay) {
    retries.add(events + " " + cause);
  }

  long dropped(DropReason reason) {
    AtomicLong count = dropped.get(reason);
    return count == null ? 0 : count.get();
  }
}

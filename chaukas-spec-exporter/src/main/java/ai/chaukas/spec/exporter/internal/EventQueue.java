package ai.chaukas.spec.exporter.internal;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the threads that export and the sender. Each event gets its place in
 * export order ({@link Pending#seq}) under the same lock that queues it, so queue order and
 * sequence order agree: that is what lets {@code flush} wait for exactly the events exported
 * before it. One lock, as in {@link java.util.concurrent.ArrayBlockingQueue}.
 */
final class EventQueue {

  /** What became of an offered event: queued or not, and the oldest event it evicted, if any. */
  record Offer(boolean queued, Pending evicted) {
    static final Offer QUEUED = new Offer(true, null);
    static final Offer REFUSED = new Offer(false, null);
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition work = lock.newCondition();
  private final ArrayDeque<Pending> events;
  private final int capacity;
  /** Queued events at which {@link #offer} wakes the sender; set by {@link #awaitWork}. */
  private int wakeAt = Integer.MAX_VALUE;
  private long lastSeq;
  private boolean wakeRequested;
  /** Least seq among the events the sender took and has not handed to a transport yet. */
  private long heldFirstSeq = Long.MAX_VALUE;

  EventQueue(int capacity) {
    this.capacity = capacity;
    this.events = new ArrayDeque<>(Math.min(capacity, 4096));
  }

  /**
   * Queues {@code event}; when full, refuses it, evicts the oldest, or waits up to {@code
   * waitNanos} for room.
   */
  Offer offer(Pending event, boolean evictOldest, long waitNanos) throws InterruptedException {
    lock.lock();
    try {
      Offer result = Offer.QUEUED;
      if (events.size() >= capacity) {
        if (evictOldest) {
          result = new Offer(true, events.pollFirst());
        } else {
          while (events.size() >= capacity) {
            if (waitNanos <= 0) {
              return Offer.REFUSED;
            }
            waitNanos = notFull.awaitNanos(waitNanos);
          }
        }
      }
      event.seq = ++lastSeq;
      events.addLast(event);
      if (events.size() >= wakeAt) {
        work.signal();
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The oldest event, or null; once taken, it counts as held by the sender until {@link
   * #released} says otherwise, so that {@link #lowestUnsettled} never misses it.
   */
  Pending take() {
    lock.lock();
    try {
      Pending event = events.pollFirst();
      if (event != null) {
        heldFirstSeq = Math.min(heldFirstSeq, event.seq);
        notFull.signal();
      }
      return event;
    } finally {
      lock.unlock();
    }
  }

  /** The sender now holds nothing below {@code firstSeq} (Long.MAX_VALUE: nothing at all). */
  void released(long firstSeq) {
    lock.lock();
    try {
      heldFirstSeq = firstSeq;
    } finally {
      lock.unlock();
    }
  }

  /** The least seq queued or held by the sender, or Long.MAX_VALUE. */
  long lowestUnsettled() {
    lock.lock();
    try {
      Pending head = events.peekFirst();
      return Math.min(heldFirstSeq, head == null ? Long.MAX_VALUE : head.seq);
    } finally {
      lock.unlock();
    }
  }

  /** Seq of the latest event queued. */
  long lastSeq() {
    lock.lock();
    try {
      return lastSeq;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return events.size();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the sender from {@link #awaitWork}. */
  void wake() {
    lock.lock();
    try {
      wakeRequested = true;
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code events} events are queued, {@link #wake()} is called, or {@code nanos}
   * pass.
   */
  void awaitWork(long nanos, int events) throws InterruptedException {
    lock.lock();
    try {
      wakeAt = Math.max(1, events);
      while (!wakeRequested && this.events.size() < wakeAt && nanos > 0) {
        nanos = work.awaitNanos(nanos);
      }
      wakeRequested = false;
      wakeAt = Integer.MAX_VALUE;
    } finally {
      lock.unlock();
    }
  }

  /** Takes every queued event, e.g. to count them dropped at close. */
  java.util.List<Pending> drain() {
    lock.lock();
    try {
      java.util.List<Pending> all = new java.util.ArrayList<>(events);
      events.clear();
      notFull.signalAll();
      return all;
    } finally {
      lock.unlock();
    }
  }

  static long nanos(java.time.Duration d) {
    return d == null ? 0 : TimeUnit.NANOSECONDS.convert(d);
  }
}

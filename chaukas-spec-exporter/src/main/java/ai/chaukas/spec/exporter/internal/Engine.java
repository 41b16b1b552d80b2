package ai.chaukas.spec.exporter.internal;

import ai.chaukas.spec.exporter.DropReason;
import ai.chaukas.spec.exporter.ExportListener;
import ai.chaukas.spec.exporter.ExporterStats;
import ai.chaukas.spec.exporter.QueueFullPolicy;
import ai.chaukas.spec.toolkit.events.UuidV7;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The sender behind {@code ChaukasExporter}: one daemon thread takes events from the queue into
 * batches closed by count, by request bytes or by the delay; at most {@code
 * maxConcurrentExports} batches are in flight, each settled once (delivered, rejected or dropped),
 * with retries on a second daemon thread. A batch waiting for its retry keeps its place in
 * flight, so while the platform is down the queue fills and its policy applies: memory stays at
 * the queue plus the batches in flight.
 */
public final class Engine {

  /** Every setting of the engine, checked by the exporter's builder. */
  public record Settings(
      int maxQueueSize,
      int maxBatchSize,
      long maxRequestBytes,
      Duration scheduleDelay,
      QueueFullPolicy queueFullPolicy,
      Duration blockTimeout,
      Duration exportTimeout,
      int maxConcurrentExports,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration retryBudget) {}

  private final Settings settings;
  private final Transport transport;
  private final ExportListener listener;
  private final LongConsumer acknowledge;
  private final LongSupplier spoolBytes;
  private final EventQueue queue;
  private final Semaphore permits;
  /** Batches handed to the transport and not settled, by the seq of their first event. */
  private final ConcurrentSkipListMap<Long, Batch> inFlight = new ConcurrentSkipListMap<>();
  private final ScheduledExecutorService retries;
  private final Thread sender;
  private final UuidV7 batchIds = new UuidV7();
  private final Object settledMonitor = new Object();
  private final AtomicLong flushThrough = new AtomicLong(0);
  private final LongAdder accepted = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
  private volatile boolean closing;
  private volatile boolean stopped;

  /**
   * @param acknowledge told the spool id of each settled event that has one
   * @param spoolBytes the spool's size, for {@link #stats()}
   */
  public Engine(Settings settings, Transport transport, ExportListener listener,
      LongConsumer acknowledge, LongSupplier spoolBytes) {
    this.settings = settings;
    this.transport = transport;
    this.listener = listener;
    this.acknowledge = acknowledge;
    this.spoolBytes = spoolBytes;
    this.queue = new EventQueue(settings.maxQueueSize());
    this.permits = new Semaphore(settings.maxConcurrentExports());
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason, new LongAdder());
    }
    this.retries = Executors.newSingleThreadScheduledExecutor(Threads.daemon("chaukas-exporter-retry"));
    this.sender = Threads.daemon("chaukas-exporter").newThread(this::run);
    sender.start();
  }

  /**
   * Queues {@code event} under the queue policy; false when it was dropped (counted).
   */
  public boolean offer(Pending event) {
    if (closing) {
      drop(DropReason.SHUTDOWN, 1);
      return false;
    }
    EventQueue.Offer offer;
    try {
      QueueFullPolicy policy = settings.queueFullPolicy();
      offer = queue.offer(event, policy == QueueFullPolicy.DROP_OLDEST,
          policy == QueueFullPolicy.BLOCK ? EventQueue.nanos(settings.blockTimeout()) : 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      offer = EventQueue.Offer.REFUSED;
    }
    // A spooled event dropped here stays in the spool: the next exporter on it sends the event.
    if (!offer.queued()) {
      drop(DropReason.QUEUE_FULL, 1);
      return false;
    }
    accepted.increment();
    if (offer.evicted() != null) {
      drop(DropReason.QUEUE_FULL, 1);
      notifySettled();
    }
    return true;
  }

  /**
   * Queues an event recovered from the spool, waiting for room as long as it takes; false when
   * the engine closed first (the event stays in the spool).
   */
  public boolean offerRecovered(Pending event) throws InterruptedException {
    while (!closing) {
      if (queue.offer(event, false, TimeUnit.MILLISECONDS.toNanos(100)).queued()) {
        accepted.increment();
        return true;
      }
    }
    return false;
  }

  /** Counts an event refused before it reached the queue. */
  public void refused(DropReason reason) {
    drop(reason, 1);
  }

  /**
   * Sends at once everything exported so far and waits until all of it is settled; false when
   * {@code timeout} passed first.
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long target = queue.lastSeq();
    flushThrough.accumulateAndGet(target, Math::max);
    queue.wake();
    long deadline = System.nanoTime() + EventQueue.nanos(timeout);
    synchronized (settledMonitor) {
      while (lowestUnsettled() <= target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(settledMonitor, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }
    return true;
  }

  /**
   * Stops taking events, sends what is queued within {@code timeout}, then stops every thread;
   * what is still unsent is dropped as {@link DropReason#SHUTDOWN} (spooled events stay in the
   * spool for the next exporter). False when the timeout cut it short.
   */
  public boolean close(Duration timeout) throws InterruptedException {
    closing = true;
    boolean flushed = flush(timeout);
    stopped = true;
    queue.wake();
    sender.join(TimeUnit.SECONDS.toMillis(5));
    retries.shutdownNow();
    List<Pending> left = new ArrayList<>(queue.drain());
    for (Batch batch : inFlight.values()) {
      if (batch.settle()) {
        left.addAll(batch.events);
      }
    }
    inFlight.clear();
    if (!left.isEmpty()) {
      // Not acknowledged: a spool keeps them for the next exporter on the same directory.
      drop(DropReason.SHUTDOWN, left.size());
    }
    transport.close();
    return flushed;
  }

  public ExporterStats stats() {
    Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    dropped.forEach((reason, count) -> drops.put(reason, count.sum()));
    return new ExporterStats(accepted.sum(), sent.sum(), rejected.sum(), retried.sum(),
        queue.size(), spoolBytes.getAsLong(), drops);
  }

  private long lowestUnsettled() {
    // The sender hands a batch to inFlight before it stops counting it as held, so an event is
    // always seen in one place or the other.
    long held = queue.lowestUnsettled();
    Map.Entry<Long, Batch> first = inFlight.firstEntry();
    return Math.min(held, first == null ? Long.MAX_VALUE : first.getKey());
  }

  /**
   * The sender thread. It takes events from the queue only while it holds a place in flight, so
   * the queue alone bounds what waits: a platform that is down fills the queue, and its policy
   * applies, rather than the sender's hands.
   */
  private void run() {
    List<Pending> building = new ArrayList<>();
    Pending carry = null;
    boolean permit = false;
    String batchId = null;
    long timestampMicros = 0;
    long batchBytes = 0;
    long due = 0;
    long delay = EventQueue.nanos(settings.scheduleDelay());
    try {
      while (!stopped) {
        if (!permit) {
          if (carry == null && queue.size() == 0) {
            notifySettled();
            queue.awaitWork(delay, 1);
            continue;
          }
          permit = permits.tryAcquire(50, TimeUnit.MILLISECONDS);
          continue;
        }
        while (building.size() < settings.maxBatchSize()) {
          Pending next = carry != null ? carry : queue.take();
          carry = null;
          if (next == null) {
            break;
          }
          if (building.isEmpty()) {
            batchId = batchIds.next();
            timestampMicros = currentMicros();
            batchBytes = Requests.emptyBatch(batchId, timestampMicros);
            due = System.nanoTime() + delay;
          }
          long with = batchBytes + Requests.eventField(next.size());
          if (!building.isEmpty() && Requests.request(with) > settings.maxRequestBytes()) {
            carry = next;
            break;
          }
          building.add(next);
          batchBytes = with;
        }
        if (building.isEmpty()) {
          notifySettled();
          queue.awaitWork(delay, 1);
          continue;
        }
        boolean ready = building.size() >= settings.maxBatchSize() || carry != null
            || System.nanoTime() - due >= 0 || closing
            || building.get(0).seq <= flushThrough.get();
        if (!ready) {
          queue.awaitWork(due - System.nanoTime(), settings.maxBatchSize() - building.size());
          continue;
        }
        Batch batch = new Batch(batchId, timestampMicros, building, System.nanoTime());
        batch.holdsPermit = true;
        permit = false;
        inFlight.put(batch.firstSeq(), batch);
        queue.released(carry != null ? carry.seq : Long.MAX_VALUE);
        building = new ArrayList<>();
        attempt(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (permit) {
        permits.release();
      }
      if (!building.isEmpty() || carry != null) {
        drop(DropReason.SHUTDOWN, building.size() + (carry != null ? 1 : 0));
      }
      queue.released(Long.MAX_VALUE);
      notifySettled();
    }
  }

  private static long currentMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private void attempt(Batch batch) {
    if (stopped) {
      return;
    }
    CompletableFuture<Outcome> sent;
    try {
      sent = transport.send(batch, settings.exportTimeout());
    } catch (RuntimeException e) {
      // A transport that throws must not end the sender thread: the batch is retried.
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((outcome, error) -> handle(batch, error == null ? outcome
        : Outcome.retry("the transport failed: " + error, 0)));
  }

  private void handle(Batch batch, Outcome outcome) {
    if (batch.isSettled()) {
      return;
    }
    switch (outcome.kind()) {
      case DELIVERED -> delivered(batch, outcome.rejected());
      case REJECTED -> rejectAll(batch, outcome.cause());
      case RETRY -> retry(batch, outcome.cause(), outcome.retryAfterNanos());
      case SPLIT_FOR_SIZE -> {
        if (batch.events.size() == 1) {
          rejectAll(batch, "larger than the platform accepts (" + outcome.cause() + ")");
        } else {
          split(batch, outcome.cause(), 0);
        }
      }
      case SPLIT_FOR_MEMORY -> {
        if (batch.events.size() == 1) {
          retry(batch, outcome.cause(), outcome.retryAfterNanos());
        } else {
          batch.failedAttempts++;
          long wait = backoff(batch, outcome.retryAfterNanos());
          if (overBudget(batch, wait)) {
            exhausted(batch);
          } else {
            split(batch, outcome.cause(), wait);
          }
        }
      }
    }
  }

  private void delivered(Batch batch, Map<String, String> refused) {
    if (!batch.settle()) {
      return;
    }
    int ok = 0;
    for (Pending event : batch.events) {
      String reason = refused.get(event.eventId());
      if (reason == null) {
        ok++;
      } else {
        rejected.increment();
        tell(() -> listener.rejected(event.eventId(), reason));
      }
    }
    int count = ok;
    sent.add(count);
    if (count > 0) {
      tell(() -> listener.sent(count));
    }
    finish(batch);
  }

  private void rejectAll(Batch batch, String cause) {
    if (!batch.settle()) {
      return;
    }
    for (Pending event : batch.events) {
      rejected.increment();
      tell(() -> listener.rejected(event.eventId(), cause));
    }
    finish(batch);
  }

  private void retry(Batch batch, String cause, long retryAfterNanos) {
    batch.failedAttempts++;
    long wait = backoff(batch, retryAfterNanos);
    if (overBudget(batch, wait)) {
      exhausted(batch);
      return;
    }
    retried.increment();
    tell(() -> listener.retried(batch.events.size(), cause, Duration.ofNanos(wait)));
    schedule(batch, wait);
  }

  /** Replaces {@code batch} in flight by its halves and sends each after {@code wait}. */
  private void split(Batch batch, String cause, long wait) {
    if (!batch.settle()) {
      return;
    }
    Batch first = batch.half(true);
    Batch second = batch.half(false);
    first.holdsPermit = batch.holdsPermit;
    inFlight.put(second.firstSeq(), second);
    inFlight.put(first.firstSeq(), first);
    retried.increment();
    tell(() -> listener.retried(batch.events.size(), "split in two: " + cause, Duration.ofNanos(wait)));
    schedule(first, wait);
    schedule(second, wait);
  }

  private void schedule(Batch batch, long wait) {
    if (wait <= 0) {
      attempt(batch);
      return;
    }
    try {
      retries.schedule(() -> attempt(batch), wait, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed meanwhile: close() counts what is left in flight.
    }
  }

  /** Full jitter over an exponential ceiling, and never sooner than the platform's pushback. */
  private long backoff(Batch batch, long retryAfterNanos) {
    long initial = EventQueue.nanos(settings.initialBackoff());
    long max = EventQueue.nanos(settings.maxBackoff());
    int doublings = Math.min(batch.failedAttempts - 1, 30);
    long ceiling = initial > max >> doublings ? max : Math.min(max, initial << doublings);
    long jittered = ThreadLocalRandom.current().nextLong(ceiling + 1);
    return Math.max(jittered, retryAfterNanos);
  }

  private boolean overBudget(Batch batch, long wait) {
    return System.nanoTime() + wait - batch.firstAttemptNanos
        > EventQueue.nanos(settings.retryBudget());
  }

  private void exhausted(Batch batch) {
    if (!batch.settle()) {
      return;
    }
    drop(DropReason.RETRY_BUDGET_EXHAUSTED, batch.events.size());
    finish(batch);
  }

  /** Acknowledges a settled batch's events in the spool and frees its place in flight. */
  private void finish(Batch batch) {
    for (Pending event : batch.events) {
      acknowledge(event);
    }
    inFlight.remove(batch.firstSeq(), batch);
    if (batch.holdsPermit) {
      permits.release();
    }
    queue.wake();
    notifySettled();
  }

  private void acknowledge(Pending event) {
    if (event.spoolId >= 0) {
      acknowledge.accept(event.spoolId);
    }
  }

  private void drop(DropReason reason, int events) {
    dropped.get(reason).add(events);
    tell(() -> listener.dropped(reason, events));
  }

  private void notifySettled() {
    synchronized (settledMonitor) {
      settledMonitor.notifyAll();
    }
  }

  private void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // A listener's failure must not stop delivery.
    }
  }
}

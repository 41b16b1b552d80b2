package ai.chaukas.spec.benchmarks.store;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.testing.internal.SampleEvents;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Query latency over a loaded {@link ReferenceServer}: loads {@code N} events (default 1,000,000;
 * the ~1.5 KB benchmark event with its ids changed) of 10 tenants and 10,000 sessions (each session
 * in one tenant), timestamps spread evenly over the 30 days before now, in time order, through
 * in-process gRPC {@code IngestEventBatch} calls of 1,000 events, then times over in-process
 * {@code QueryEvents} (after 200 unmeasured calls of each):
 *
 * <ul>
 *   <li>{@code session}: one random session ({@code filter.tenant_id} + {@code session_id}), page size 100;
 *   <li>{@code range}: a tenant's events in a random 2-hour {@code time} range in the middle 10 days
 *       of the data, page size 100, the first page and then 4 more by {@code next_page_token};
 *       {@code range_page} times each call, {@code range_walk} the 5 together.
 * </ul>
 *
 * <p>Prints {@code RESULT query=… calls=… p50_ms=… p99_ms=… max_ms=… rows_per_call=…} per kind.
 *
 * <p>Usage: {@code QueryLatency memory|DIR [N=1000000] [CALLS=2000]}; with a directory, the store
 * on disk in a fresh subdirectory {@code DIR/query-latency-MILLIS}.
 */
public final class QueryLatency {

  private static final int TENANTS = 10;
  private static final int SESSIONS = 10_000;
  private static final long SPAN_SECONDS = 30L * 24 * 3600;
  private static final int LOAD_BATCH = 1000;
  private static final int PAGE = 100;
  private static final int WALK_PAGES = 5;
  private static final int WARMUP_CALLS = 200;

  private QueryLatency() {}

  public static void main(String[] args) throws Exception {
    String where = args.length > 0 ? args[0] : "memory";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2000;

    ReferenceServer.Builder builder = ReferenceServer.builder().maxEvents(Math.max(n, 1) * 2L);
    if (!where.equals("memory")) {
      Path dir = Path.of(where).resolve("query-latency-" + System.currentTimeMillis());
      Files.createDirectories(dir);
      builder.storeIn(dir);
      System.err.println("QueryLatency: store on disk in " + dir);
    }
    ReferenceServer reference = builder.build();
    String name = "query-latency-" + ProcessHandle.current().pid();
    Server server =
        InProcessServerBuilder.forName(name).directExecutor().addServices(reference.serviceDefinitions()).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    var stub = ChaukasServerServiceGrpc.newBlockingStub(channel);

    long end = System.currentTimeMillis() / 1000 - 3600;
    long start = end - SPAN_SECONDS;
    SplittableRandom random = new SplittableRandom(42);
    Event base = SampleEvents.llmInvocation();
    long loadStart = System.nanoTime();
    for (int done = 0; done < n; ) {
      EventBatch.Builder batch = EventBatch.newBuilder().setBatchId(String.format(Locale.ROOT, "0000%04x-0000-7000-8000-%012x", 1, done));
      int size = Math.min(LOAD_BATCH, n - done);
      for (int i = 0; i < size; i++) {
        long k = done + i;
        int session = random.nextInt(SESSIONS);
        long nanosIntoSpan = (long) ((double) k / n * SPAN_SECONDS * 1e9);
        batch.addEvents(
            base.toBuilder()
                .setEventId(String.format(Locale.ROOT, "0000%04x-0000-7000-8000-%012x", 0, k))
                .setTenantId(tenant(session))
                .setSessionId("session-" + session)
                .setTimestamp(Timestamp.newBuilder()
                    .setSeconds(start + nanosIntoSpan / 1_000_000_000L)
                    .setNanos((int) (nanosIntoSpan % 1_000_000_000L)))
                .build());
      }
      IngestEventBatchResponse reply =
          stub.ingestEventBatch(IngestEventBatchRequest.newBuilder().setEventBatch(batch).build());
      if (reply.getAcceptedCount() != size) {
        throw new IllegalStateException("loading: " + reply.getAcceptedCount() + " of " + size + " accepted: " + reply);
      }
      done += size;
    }
    System.err.printf(Locale.ROOT, "QueryLatency: loaded %d events in %.1f s (%s store)%n",
        n, (System.nanoTime() - loadStart) / 1e9, where.equals("memory") ? "memory" : "embedded");

    for (int round = 0; round < 2; round++) {
      boolean measure = round == 1;
      int count = measure ? calls : Math.min(WARMUP_CALLS, calls);
      long[] session = new long[count];
      long[] page = new long[count * WALK_PAGES];
      long[] walk = new long[count];
      long sessionRows = 0;
      long pageRows = 0;
      int pages = 0;
      for (int c = 0; c < count; c++) {
        int s = random.nextInt(SESSIONS);
        QueryRequest q =
            QueryRequest.newBuilder()
                .setFilter(QueryFilter.newBuilder().setTenantId(tenant(s)).setSessionId("session-" + s))
                .setPageSize(PAGE)
                .build();
        long t0 = System.nanoTime();
        QueryResponse r = stub.queryEvents(QueryEventsRequest.newBuilder().setQuery(q).build()).getResponse();
        session[c] = System.nanoTime() - t0;
        sessionRows += r.getEventsCount();
      }
      for (int c = 0; c < count; c++) {
        String tenant = "tenant-" + random.nextInt(TENANTS);
        long from = start + SPAN_SECONDS / 3 + random.nextLong(SPAN_SECONDS / 3);
        TimeRange range =
            TimeRange.newBuilder()
                .setStart(Timestamp.newBuilder().setSeconds(from))
                .setEnd(Timestamp.newBuilder().setSeconds(from + 7200))
                .build();
        String token = "";
        long w0 = System.nanoTime();
        for (int p = 0; p < WALK_PAGES; p++) {
          QueryRequest q =
              QueryRequest.newBuilder()
                  .setFilter(QueryFilter.newBuilder().setTenantId(tenant).setTime(range))
                  .setPageSize(PAGE)
                  .setPageToken(token)
                  .build();
          long t0 = System.nanoTime();
          QueryResponse r = stub.queryEvents(QueryEventsRequest.newBuilder().setQuery(q).build()).getResponse();
          page[pages++] = System.nanoTime() - t0;
          pageRows += r.getEventsCount();
          token = r.getNextPageToken();
          if (token.isEmpty()) {
            break;
          }
        }
        walk[c] = System.nanoTime() - w0;
      }
      if (measure) {
        print("session", session, count, sessionRows);
        print("range_page", page, pages, pageRows);
        print("range_walk", walk, count, pageRows);
      }
    }
    channel.shutdownNow();
    server.shutdownNow();
    reference.close();
  }

  private static String tenant(int session) {
    return "tenant-" + (session % TENANTS);
  }

  private static void print(String kind, long[] nanos, int count, long rows) {
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "RESULT query=%s calls=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f rows_per_call=%.1f%n",
        kind, count, pct(sorted, 50) / 1e6, pct(sorted, 99) / 1e6, sorted[count - 1] / 1e6, (double) rows / count);
  }

  private static long pct(long[] sorted, double p) {
    int rank = (int) Math.ceil(sorted.length * p / 100.0);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}

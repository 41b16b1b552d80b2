package ai.chaukas.spec.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proof that the suite can fail: each deliberately broken server of {@link BrokenServers} fails
 * exactly the checks listed for it (those of the rule it breaks, and of rules that depend on the
 * same behaviour), with no errors; the in-memory server passes every check.
 */
class BrokenServersFailConformanceTest {

  interface Starter {
    BrokenServers.Running start() throws Exception;
  }

  enum Broken {
    LEAKS_OTHER_TENANTS_EVENTS(
        BrokenServers::leaksOtherTenantsEvents,
        "TEN-1 queriesNeverReturnAnotherTenantsEvents"),
    SKIPS_EVENTS_WHILE_PAGING(
        BrokenServers::skipsEventsWhilePaging,
        "QRY-7 pagesReturnEveryEventExactlyOnce",
        "QRY-7 pagingIsStableWhileEventsArrive",
        "QRY-6 tokenIsEmptyOnlyOnTheLastPageAndPageSizeMayChange",
        "QRY-6 tokenUsedWithAnotherTenantFilterOrOrderIsInvalidArgument",
        // These read their results in pages, too.
        "QRY-4 ascendingByTimestampThenEventId",
        "QRY-4 descendingByTimestampThenEventId",
        "STA-2 totalsAndTypesMatchAQueryOverAllPages",
        "STA-2 statsAgreeWithQueriesForEveryTimeRange"),
    OVERWRITES_DUPLICATES(
        BrokenServers::overwritesDuplicates,
        "ING-5 sameIdDifferentContentIsAlreadyExists",
        "ING-5 batchConflictIsRejectedAndNeverOverwrites",
        "ING-5 secondCopyInOneBatchFollowsTheSameRule"),
    ACCEPTS_INVALID_EVENTS(
        BrokenServers::acceptsInvalidEvents,
        "ING-1 eventWithoutTenantIsRejected",
        "ING-1 toolkitRulesApply",
        "ING-3 invalidEventListsEachViolationAndStoresNothing",
        "ING-4 batchStoresValidEventsAndListsRejectedOnes",
        "ING-4 batchOfOnlyInvalidEventsSucceeds"),
    DROPS_ERROR_DETAILS(
        BrokenServers::dropsErrorDetails,
        "ING-1 eventWithoutTenantIsRejected",
        "ING-1 toolkitRulesApply",
        "ING-3 missingEventIsInvalidArgument",
        "ING-3 invalidEventListsEachViolationAndStoresNothing",
        "ING-6 batchWithoutEventBatchIsInvalidArgument",
        "ING-7 batchAboveTheLimitIsInvalidArgumentAndStoresNothing",
        "QRY-1 queryWithoutTenantIsInvalidArgument",
        "QRY-5 negativePageSizeIsInvalidArgument",
        "QRY-6 tokenUsedWithAnotherTenantFilterOrOrderIsInvalidArgument",
        "QRY-6 malformedTokenIsInvalidArgument",
        "STA-1 statsWithoutTenantIsInvalidArgument"),
    ORDERS_WRONGLY(
        BrokenServers::ordersWrongly,
        "QRY-4 descendingByTimestampThenEventId",
        "QRY-4 unspecifiedOrderMeansDescending",
        "QRY-4 equalTimestampsAreOrderedByEventIdCodePoints",
        "QRY-7 pagesReturnEveryEventExactlyOnce");

    final Starter starter;
    final List<String> expectedFailures;

    Broken(Starter starter, String... expectedFailures) {
      this.starter = starter;
      this.expectedFailures = List.of(expectedFailures);
    }
  }

  private static List<String> withStatus(List<CheckResult> results, CheckResult.Status status) {
    return results.stream().filter(r -> r.status() == status).map(r -> r.rule() + " " + r.name()).toList();
  }

  @ParameterizedTest
  @EnumSource(Broken.class)
  void brokenServerFailsTheChecksOfTheRuleItBreaks(Broken broken) throws Exception {
    try (BrokenServers.Running server = broken.starter.start()) {
      List<CheckResult> results = ConformanceSuite.create(server.channel()).run();

      assertThat(withStatus(results, CheckResult.Status.ERROR)).isEmpty();
      assertThat(withStatus(results, CheckResult.Status.FAIL))
          .as(ConformanceReport.table(results))
          .containsExactlyInAnyOrderElementsOf(broken.expectedFailures);
      assertThat(ConformanceReport.passed(results)).isFalse();
      assertThat(ConformanceReport.summary(results))
          .isEqualTo("conformance: " + (results.size() - broken.expectedFailures.size())
              + " passed, " + broken.expectedFailures.size() + " failed");
    }
  }

  @Test
  void inMemoryServerPassesEveryCheck() throws Exception {
    try (RunningServer server = ReferenceServer.create().start(0)) {
      ManagedChannel channel = NettyChannelBuilder.forAddress(server.address()).usePlaintext().build();
      try {
        List<CheckResult> results = ConformanceSuite.create(channel).run();
        assertThat(results)
            .as(ConformanceReport.table(results))
            .allMatch(r -> r.status() == CheckResult.Status.PASS);
        assertThat(ConformanceReport.passed(results)).isTrue();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}

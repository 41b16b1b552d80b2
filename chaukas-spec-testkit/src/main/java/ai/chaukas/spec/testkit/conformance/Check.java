package ai.chaukas.spec.testkit.conformance;

import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * One check of a {@link ConformanceSuite}: it covers one rule of {@code docs/server-semantics.md},
 * stores its own events under two tenants that no other check, and no other run of it, uses
 * ({@link ConformanceSuite#tenantPrefix()}, the check's number, and {@code r2}, {@code r3}... from
 * its second run on; {@code -b} appended for the second tenant), and finishes within the suite's
 * check timeout. Checks are independent: run any of them, in any order, any number of times, from
 * any thread.
 *
 * @since 1.0.5
 */
public final class Check {

  private final CheckDefinition definition;
  private final ConformanceSuite suite;
  private final String tenant;
  private final AtomicInteger runs = new AtomicInteger();

  Check(CheckDefinition definition, ConformanceSuite suite, String tenant) {
    this.definition = definition;
    this.suite = suite;
    this.tenant = tenant;
  }

  /** The rule it covers, e.g. {@code QRY-7}. */
  public String rule() {
    return definition.rule();
  }

  /** Its name, unique within the suite, e.g. {@code pagesReturnEveryEventOnce}. */
  public String name() {
    return definition.name();
  }

  /**
   * Runs the check against the suite's server. Never throws: a broken rule is a {@link
   * CheckResult.Status#FAIL}, a call without an answer to judge (or a bug) an {@link
   * CheckResult.Status#ERROR}.
   *
   * @return the outcome, with a one-line detail: what went wrong, or a note on what a passing check
   *     could not look at
   */
  public CheckResult run() {
    long started = System.nanoTime();
    Deadline deadline =
        Deadline.after(suite.checkTimeout().toNanos(), TimeUnit.NANOSECONDS);
    CheckResult.Status status;
    String detail;
    int run = runs.incrementAndGet();
    Scope scope = suite.scope(run == 1 ? tenant : tenant + "r" + run, deadline);
    try {
      definition.body().run(scope);
      status = CheckResult.Status.PASS;
      detail = scope.note();
    } catch (CheckFailure e) {
      status = CheckResult.Status.FAIL;
      detail = e.getMessage();
    } catch (CheckSkipped e) {
      status = CheckResult.Status.SKIPPED;
      detail = e.getMessage();
    } catch (RpcFailure e) {
      status = e.isNoAnswer() ? CheckResult.Status.ERROR : CheckResult.Status.FAIL;
      detail = e.getMessage();
    } catch (StatusRuntimeException e) {
      status = RpcFailure.isNoAnswer(e.getStatus()) ? CheckResult.Status.ERROR : CheckResult.Status.FAIL;
      detail = "a call failed with " + RpcFailure.describe(e.getStatus());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = CheckResult.Status.ERROR;
      detail = "interrupted";
    } catch (Exception e) {
      status = CheckResult.Status.ERROR;
      detail = "the check itself failed, please report it: " + e;
    }
    return new CheckResult(
        rule(), name(), status, oneLine(detail), Duration.ofNanos(System.nanoTime() - started));
  }

  /** {@code RULE name}, as reports and JUnit show it. */
  @Override
  public String toString() {
    return rule() + " " + name();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}

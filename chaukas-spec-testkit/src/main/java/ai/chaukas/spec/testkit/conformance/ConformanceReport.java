package ai.chaukas.spec.testkit.conformance;

import java.util.List;

/**
 * Formats {@link CheckResult}s for people: an aligned {@code RULE | CHECK | RESULT | DETAIL} table
 * and a summary line such as {@code conformance: 48 passed, 0 failed}.
 *
 * @since 1.0.5
 */
public final class ConformanceReport {

  private static final String[] HEADER = {"RULE", "CHECK", "RESULT", "DETAIL"};

  private ConformanceReport() {}

  /**
   * The results as a table, one row per check in the given order, followed by {@link
   * #summary(List)}; every line ends with a line feed.
   *
   * <pre>
   * RULE  | CHECK                                  | RESULT | DETAIL
   * ------+----------------------------------------+--------+-------
   * SVC-1 | eventIngestedUnderOneNameIsQueriedU... | PASS   |
   * QRY-7 | pagesReturnEveryEventExactlyOnce       | FAIL   | SORT_ORDER_ASC in pages of 3: ...
   * conformance: 47 passed, 1 failed
   * </pre>
   *
   * @param results the results of a run
   * @return the table and the summary line
   */
  public static String table(List<CheckResult> results) {
    int rule = HEADER[0].length();
    int name = HEADER[1].length();
    int status = HEADER[2].length();
    for (CheckResult r : results) {
      rule = Math.max(rule, r.rule().length());
      name = Math.max(name, r.name().length());
      status = Math.max(status, r.status().name().length());
    }
    StringBuilder out = new StringBuilder();
    row(out, rule, name, status, HEADER[0], HEADER[1], HEADER[2], HEADER[3]);
    out.append("-".repeat(rule + 1)).append('+')
        .append("-".repeat(name + 2)).append('+')
        .append("-".repeat(status + 2)).append('+')
        .append("-".repeat(HEADER[3].length() + 1)).append('\n');
    for (CheckResult r : results) {
      row(out, rule, name, status, r.rule(), r.name(), r.status().name(), r.detail());
    }
    return out.append(summary(results)).append('\n').toString();
  }

  /**
   * One line: {@code conformance: P passed, F failed}, followed by {@code , E errors} and {@code ,
   * S skipped} when there are any.
   *
   * @param results the results of a run
   * @return the summary, without a line feed
   */
  public static String summary(List<CheckResult> results) {
    long passed = count(results, CheckResult.Status.PASS);
    long failed = count(results, CheckResult.Status.FAIL);
    long errors = count(results, CheckResult.Status.ERROR);
    long skipped = count(results, CheckResult.Status.SKIPPED);
    StringBuilder line =
        new StringBuilder("conformance: ").append(passed).append(" passed, ").append(failed).append(" failed");
    if (errors > 0) {
      line.append(", ").append(errors).append(errors == 1 ? " error" : " errors");
    }
    if (skipped > 0) {
      line.append(", ").append(skipped).append(" skipped");
    }
    return line.toString();
  }

  /**
   * Whether the server passed: no check failed or ended in an error (skipped checks do not count).
   *
   * @param results the results of a run
   * @return true when every result {@link CheckResult#isOk() is ok}
   */
  public static boolean passed(List<CheckResult> results) {
    return results.stream().allMatch(CheckResult::isOk);
  }

  private static long count(List<CheckResult> results, CheckResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  private static void row(
      StringBuilder out, int rule, int name, int status, String a, String b, String c, String d) {
    String line =
        pad(a, rule) + " | " + pad(b, name) + " | " + pad(c, status) + " | " + d;
    out.append(line.stripTrailing()).append('\n');
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}

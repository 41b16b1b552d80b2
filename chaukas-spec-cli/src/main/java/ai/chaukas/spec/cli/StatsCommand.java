package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.LLMInvocation;
import com.google.gson.GsonBuilder;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaukas stats}: what a person wants to know first about an audit file. */
@Command(
    name = "stats",
    description = {
      "Summarise the events of all FILEs together: how many of each type, sessions, tenants,",
      "projects and agents, the time span, tokens, cost and failures. Streams JSON Lines; memory",
      "grows only with the number of distinct sessions, tenants, projects and agents.",
    },
    exitCodeList = {"0:summary printed", "1:summary printed, some JSON lines were unreadable", "2:an input is unusable"})
final class StatsCommand implements ChaukasCommand {

  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to summarise; - reads standard input.")
  List<String> files;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  @Mixin InputOptions input;

  /** Running totals over every event read. */
  static final class Summary {
    long events;
    long unreadable;
    long failed;
    final Map<String, Long> byType = new TreeMap<>();
    final Map<String, Long> byStatus = new TreeMap<>();
    final Set<String> sessions = new HashSet<>();
    final Set<String> tenants = new HashSet<>();
    final Set<String> projects = new HashSet<>();
    final Set<String> agents = new HashSet<>();
    Timestamp first;
    Timestamp last;
    long promptTokens;
    long completionTokens;
    long totalTokens;
    final Map<String, BigDecimal> costByCurrency = new TreeMap<>();

    void add(Event e) {
      events++;
      byType.merge(e.getType().name(), 1L, Long::sum);
      byStatus.merge(e.getStatus().name(), 1L, Long::sum);
      addIfSet(sessions, e.getSessionId());
      addIfSet(tenants, e.getTenantId());
      addIfSet(projects, e.getProjectId());
      addIfSet(agents, e.getAgentId().isEmpty() ? e.getAgentName() : e.getAgentId());
      if (e.getStatus() == EventStatus.EVENT_STATUS_FAILED || e.getType() == EventType.EVENT_TYPE_ERROR) {
        failed++;
      }
      if (e.hasTimestamp()) {
        Timestamp t = e.getTimestamp();
        if (first == null || Timestamps.compare(t, first) < 0) {
          first = t;
        }
        if (last == null || Timestamps.compare(t, last) > 0) {
          last = t;
        }
      }
      if (e.hasLlmInvocation()) {
        LLMInvocation llm = e.getLlmInvocation();
        promptTokens += llm.getPromptTokens();
        completionTokens += llm.getCompletionTokens();
        totalTokens += llm.getTotalTokens() != 0 ? llm.getTotalTokens() : llm.getPromptTokens() + llm.getCompletionTokens();
      }
      if (e.hasCost() && Double.isFinite(e.getCost().getTotalCost())) {
        String currency = e.getCost().getCurrency().isEmpty() ? "(no currency)" : e.getCost().getCurrency();
        costByCurrency.merge(currency, BigDecimal.valueOf(e.getCost().getTotalCost()), BigDecimal::add);
      }
    }

    private static void addIfSet(Set<String> set, String value) {
      if (!value.isEmpty()) {
        set.add(value);
      }
    }
  }

  @Override
  public ExitCode execute() {
    PrintWriter out = common.out();
    PrintWriter err = common.err();
    Summary s = new Summary();
    for (String file : files) {
      try (EventInput in = EventInput.open(file, input.format, input.container)) {
        for (Optional<EventInput.Item> next; (next = in.next()).isPresent(); ) {
          EventInput.Item item = next.get();
          if (item.error() != null) {
            s.unreadable++;
            err.println("chaukas stats: " + EventInputs.where(in, item) + ": skipped: "
                + (item.incomplete() ? "incomplete last line (no line end; still being written?): " : "") + item.error());
          } else {
            s.add(item.event());
          }
        }
      } catch (UnusableInputException e) {
        err.println("chaukas stats: " + e.getMessage());
        return ExitCode.UNUSABLE;
      } catch (IOException e) {
        err.println("chaukas stats: " + Printable.of(file) + ": read failed: " + Printable.of(e.getMessage()));
        return ExitCode.UNUSABLE;
      }
    }
    if (json) {
      out.println(new GsonBuilder().setPrettyPrinting().create().toJson(asMap(s)));
    } else {
      printText(s, out);
    }
    out.flush();
    return s.unreadable > 0 ? ExitCode.FAILED : ExitCode.OK;
  }

  private static Map<String, Object> asMap(Summary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", s.events);
    m.put("unreadable_lines", s.unreadable);
    m.put("sessions", s.sessions.size());
    m.put("tenants", s.tenants.size());
    m.put("projects", s.projects.size());
    m.put("agents", s.agents.size());
    m.put("first_timestamp", s.first == null ? null : Timestamps.toString(s.first));
    m.put("last_timestamp", s.last == null ? null : Timestamps.toString(s.last));
    m.put("prompt_tokens", s.promptTokens);
    m.put("completion_tokens", s.completionTokens);
    m.put("total_tokens", s.totalTokens);
    Map<String, String> cost = new LinkedHashMap<>();
    s.costByCurrency.forEach((currency, amount) -> cost.put(currency, amount.toPlainString()));
    m.put("cost", cost);
    m.put("failed", s.failed);
    m.put("by_type", s.byType);
    m.put("by_status", s.byStatus);
    return m;
  }

  private static void printText(Summary s, PrintWriter out) {
    out.printf("events      %,d%s%n", s.events, s.unreadable == 0 ? "" : String.format(" (%,d unreadable lines skipped)", s.unreadable));
    out.printf("sessions    %,d%n", s.sessions.size());
    out.printf("tenants     %s%n", few(s.tenants));
    out.printf("projects    %s%n", few(s.projects));
    out.printf("agents      %s%n", few(s.agents));
    if (s.first != null) {
      Duration span = Duration.ofMillis(Timestamps.toMillis(s.last) - Timestamps.toMillis(s.first));
      out.printf("time span   %s .. %s (%s)%n", Timestamps.toString(s.first), Timestamps.toString(s.last), human(span));
    }
    out.printf("tokens      %,d (prompt %,d, completion %,d)%n", s.totalTokens, s.promptTokens, s.completionTokens);
    List<String> costs = new ArrayList<>();
    s.costByCurrency.forEach((currency, amount) -> costs.add(amount.stripTrailingZeros().toPlainString() + " "
        + Printable.of(currency)));
    out.printf("cost        %s%n", costs.isEmpty() ? "none recorded" : String.join(", ", costs));
    out.printf("failed      %,d (status FAILED or type ERROR)%n", s.failed);
    out.println();
    out.println("by type");
    s.byType.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.printf("  %-34s %,d%n", e.getKey().replaceFirst("^EVENT_TYPE_", ""), e.getValue()));
  }

  private static String few(Set<String> values) {
    if (values.isEmpty()) {
      return "0";
    }
    if (values.size() <= 3) {
      return values.size() + " (" + String.join(", ", values.stream().sorted().map(Printable::of).toList()) + ")";
    }
    return String.format("%,d", values.size());
  }

  private static String human(Duration d) {
    if (d.toHours() > 0) {
      return String.format("%dh %02dm %02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
    if (d.toMinutes() > 0) {
      return String.format("%dm %02ds", d.toMinutes(), d.toSecondsPart());
    }
    return String.format("%d.%03ds", d.getSeconds(), d.toMillisPart());
  }
}

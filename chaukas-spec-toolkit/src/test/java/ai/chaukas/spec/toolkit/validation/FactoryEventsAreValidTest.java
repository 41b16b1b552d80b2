package ai.chaukas.spec.toolkit.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.AgentHandoff;
import ai.chaukas.spec.common.v1.DataAccess;
import ai.chaukas.spec.common.v1.ErrorInfo;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.LLMInvocation;
import ai.chaukas.spec.common.v1.MCPCall;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.PolicyDecision;
import ai.chaukas.spec.common.v1.RetryInfo;
import ai.chaukas.spec.common.v1.Severity;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.common.v1.ToolResponse;
import ai.chaukas.spec.toolkit.events.EventFactory;
import ai.chaukas.spec.toolkit.events.TraceContext;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the event factory builds passes the validator, for every one of the 19 types. */
class FactoryEventsAreValidTest {

  @Test
  void everyFactoryEventIsValid() {
    List<Event> all = oneOfEachType();
    EventValidator strict = EventValidator.of(ValidationOptions.builder().requireTenant(true).requireProject(true).build());
    for (Event e : all) {
      assertThat(strict.validate(e)).as("%s", e.getType()).isEmpty();
    }
    Set<EventType> covered = all.stream().map(Event::getType).collect(Collectors.toSet());
    Set<EventType> every = EnumSet.allOf(EventType.class);
    every.remove(EventType.EVENT_TYPE_UNSPECIFIED);
    every.remove(EventType.UNRECOGNIZED);
    assertThat(covered).containsExactlyInAnyOrderElementsOf(every);
  }

  /** Valid events of every type, with tenant and project, as the event factory builds them. */
  static List<Event> oneOfEachType() {
    EventFactory events = EventFactory.builder().build();
    TraceContext session = events.newSession("tenant-a", "project-x");
    List<Event> all = new ArrayList<>();
    Event start = events.sessionStart(session).build();
    all.add(start);
    TraceContext in = session.child(start);
    Event agent = events.agentStart(in, "a-1", "planner").build();
    all.add(agent);
    all.add(events.agentHandoff(in, AgentHandoff.newBuilder().setFromAgentId("a-1").setToAgentId("a-2").build()).build());
    Event model = events.modelInvocationStart(in, LLMInvocation.newBuilder().setProvider("openai").setModel("gpt-4o").build()).build();
    all.add(model);
    all.add(events.modelInvocationEnd(model, LLMInvocation.newBuilder().setProvider("openai").setModel("gpt-4o").setTotalTokens(9).build()).build());
    Event tool = events.toolCallStart(in, ToolCall.newBuilder().setName("search").build()).build();
    all.add(tool);
    all.add(events.toolCallEnd(tool, ToolResponse.newBuilder().setToolCallId("c-1").build()).build());
    all.add(events.toolCallEnd(tool, ToolResponse.newBuilder().build())
        .setStatus(EventStatus.EVENT_STATUS_FAILED).setSeverity(Severity.SEVERITY_ERROR)
        .setError(ErrorInfo.newBuilder().setErrorMessage("timeout")).build());
    Event mcp = events.mcpCallStart(in, MCPCall.newBuilder().setServerName("files").build()).build();
    all.add(mcp);
    all.add(events.mcpCallEnd(mcp, MCPCall.newBuilder().setServerName("files").build()).build());
    all.add(events.inputReceived(in, MessageContent.newBuilder().setRole("user").setText("hi").build()).build());
    all.add(events.outputEmitted(in, MessageContent.newBuilder().setRole("assistant").setText("hello").build()).build());
    all.add(events.error(in, ErrorInfo.newBuilder().setErrorMessage("boom").build()).build());
    all.add(events.retry(in, RetryInfo.newBuilder().setAttempt(1).setBackoffMs(100).build()).build());
    all.add(events.policyDecision(in, PolicyDecision.newBuilder().setPolicyId("p").setOutcome("allow").build()).build());
    all.add(events.dataAccess(in, DataAccess.newBuilder().setDatasource("crm").build()).build());
    all.add(events.stateUpdate(in, Struct.newBuilder().putFields("step", Value.newBuilder().setNumberValue(2).build()).build()).build());
    all.add(events.system(in).build());
    all.add(events.agentEnd(agent).build());
    all.add(events.sessionEnd(start).build());
    return all;
  }
}

package ai.chaukas.spec.reference;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;

/** The HTTP paths of {@code openapi/chaukas/spec/v1/public.yaml} over {@link RulesService}. */
final class HttpApi {

  private final RulesService service;
  private final ServerMetrics metrics;
  private final int maxRequestBytes;

  HttpApi(RulesService service, ServerMetrics metrics, int maxRequestBytes) {
    this.service = service;
    this.metrics = metrics;
    this.maxRequestBytes = maxRequestBytes;
  }

  /** Adds every path to {@code server}. */
  void addTo(ServerBuilder server) {
    server.service("/healthz", (ctx, req) -> HttpResponse.of("{}"));
  }
}

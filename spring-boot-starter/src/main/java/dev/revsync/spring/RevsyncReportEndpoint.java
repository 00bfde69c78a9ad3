package dev.revsync.spring;

import dev.revsync.pipeline.DailyPipeline;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The actuator endpoint {@code revsync}: the last night's {@link dev.revsync.pipeline.DailyReport}
 * as JSON ({@code GET /actuator/revsync}); an empty object before the first night. Expose it with
 * {@code management.endpoints.web.exposure.include=revsync} and guard it as the host guards
 * actuator.
 */
@Endpoint(id = "revsync")
public class RevsyncReportEndpoint {
  private final DailyPipeline pipeline;

  RevsyncReportEndpoint(DailyPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @ReadOperation
  public Map<String, Object> lastReport() {
    return pipeline.lastReport().map(ReportJson::of).orElse(Map.of());
  }
}

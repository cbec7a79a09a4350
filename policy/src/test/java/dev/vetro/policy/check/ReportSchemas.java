package dev.vetro.policy.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The SARIF 2.1.0 and GitLab Code Quality JSON schemas (test resources, see their README), ready to
 * validate a report. Public so that other modules' tests can use the same schemas.
 */
public final class ReportSchemas {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static final ReportSchemas SARIF = new ReportSchemas("/schemas/sarif-2.1.0.json");
  public static final ReportSchemas GITLAB = new ReportSchemas("/schemas/gitlab-code-quality.json");

  private final Schema schema;

  private ReportSchemas(String resource) {
    try (InputStream in = ReportSchemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every violation of the schema, as "location: message"; empty when valid. */
  public List<String> errors(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return schema.validate(node).stream().map(Error::toString).toList();
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
  }
}

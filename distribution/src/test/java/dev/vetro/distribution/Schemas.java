package dev.vetro.distribution;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The report schemas the policy module's tests use (policy/src/test/resources/schemas, one copy in
 * the repository), for validating what the CI templates wrote.
 */
final class Schemas {

  private static final Path DIR = Path.of("..", "policy", "src", "test", "resources", "schemas");

  private Schemas() {}

  static List<String> errors(String schemaFile, Path report) throws IOException {
    Schema schema;
    try (InputStream in = Files.newInputStream(DIR.resolve(schemaFile))) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
    }
    return schema.validate(new ObjectMapper().readTree(report.toFile())).stream()
        .map(Error::toString)
        .toList();
  }
}

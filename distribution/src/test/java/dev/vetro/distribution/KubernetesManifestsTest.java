package dev.vetro.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s validated offline: every object against the Kubernetes schemas of the npm package
 * kubernetes-models (no cluster exists here), the Kustomize base listing every file, the 3-node
 * overlay's patches applied and validated, probes on the admin endpoint, discovery RBAC.
 */
class KubernetesManifestsTest {

  private static final Path K8S = Path.of("..", "deploy", "k8s").toAbsolutePath().normalize();
  private static final Path VALIDATOR = Path.of("src", "test", "resources", "k8s-validate.mjs");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path tmp;

  /** kubernetes-models and js-yaml from npm, installed once into the test cache. */
  private static synchronized Path modules() {
    Path dir = Tools.cacheDir().resolve("k8s-validate");
    Path marker = dir.resolve("node_modules/kubernetes-models/package.json");
    if (!Files.exists(marker) || !Files.exists(dir.resolve("node_modules/js-yaml"))) {
      ProcessRunner.Result r =
          ProcessRunner.of(
                  "npm",
                  "install",
                  "--no-audit",
                  "--no-fund",
                  "--no-save",
                  "--prefix",
                  dir.toString(),
                  "kubernetes-models@5.1.0",
                  "js-yaml@4")
              .timeout(Duration.ofMinutes(10))
              .run();
      assertTrue(Files.exists(marker), "npm could not install kubernetes-models:\n" + r.describe());
    }
    return dir.resolve("node_modules");
  }

  private static ProcessRunner.Result validate(List<Path> files) {
    List<String> cmd = new ArrayList<>(List.of("node", VALIDATOR.toAbsolutePath().toString()));
    files.forEach(f -> cmd.add(f.toString()));
    return ProcessRunner.of(cmd)
        .env("K8S_VALIDATE_MODULES", modules().toString())
        .timeout(Duration.ofMinutes(2))
        .run();
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    return docs;
  }

  @Test
  void everyObjectOfTheBaseAndTheExamplesIsValid() throws Exception {
    List<Path> files = new ArrayList<>(yamlFiles(K8S.resolve("base")));
    files.addAll(yamlFiles(K8S.resolve("examples")));
    ProcessRunner.Result r = validate(files);
    assertEquals(0, r.exitCode(), r.describe());
    assertTrue(r.stdout().contains("14 valid, 0 invalid"), r.stdout());
  }

  @Test
  void theValidatorRejectsAWrongType() throws Exception {
    ObjectNode d = (ObjectNode) documents(K8S.resolve("base/proxy-deployment.yaml")).get(0);
    ((ObjectNode) d.path("spec")).put("replicas", "three");
    Path bad = tmp.resolve("bad.yaml");
    YAML.writeValue(bad.toFile(), d);
    ProcessRunner.Result r = validate(List.of(bad));
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(r.stdout().contains("replicas must be integer"), r.stdout());
  }

  @Test
  void kustomizeBaseListsEveryFileAndTheFleetOverlayPatchesExistingObjects() throws Exception {
    JsonNode base = documents(K8S.resolve("base/kustomization.yaml")).get(0);
    Set<String> listed = new HashSet<>();
    base.path("resources").forEach(r -> listed.add(r.asText()));
    Set<String> present = new HashSet<>();
    for (Path f : yamlFiles(K8S.resolve("base"))) {
      if (!f.getFileName().toString().equals("kustomization.yaml")) {
        present.add(f.getFileName().toString());
      }
    }
    assertEquals(present, listed);

    JsonNode overlay = documents(K8S.resolve("overlays/fleet-3/kustomization.yaml")).get(0);
    assertEquals("../../base", overlay.path("resources").get(0).asText());
    Set<String> baseObjects = new HashSet<>();
    for (String f : listed) {
      for (JsonNode d : documents(K8S.resolve("base").resolve(f))) {
        baseObjects.add(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText());
      }
    }
    for (JsonNode p : overlay.path("patches")) {
      JsonNode patch =
          documents(K8S.resolve("overlays/fleet-3").resolve(p.path("path").asText())).get(0);
      String target =
          patch.path("kind").asText() + "/" + patch.path("metadata").path("name").asText();
      assertTrue(baseObjects.contains(target), target + " is not in the base");
    }

    // the fleet Deployment as Kustomize renders it (replicas, spread, extra env), validated
    ObjectNode deployment =
        (ObjectNode) documents(K8S.resolve("base/proxy-deployment.yaml")).get(0);
    JsonNode fleet = documents(K8S.resolve("overlays/fleet-3/proxy-fleet.yaml")).get(0);
    ((ObjectNode) deployment.path("spec"))
        .put("replicas", fleet.path("spec").path("replicas").asInt());
    ObjectNode podSpec = (ObjectNode) deployment.path("spec").path("template").path("spec");
    podSpec.set(
        "topologySpreadConstraints",
        fleet.path("spec").path("template").path("spec").path("topologySpreadConstraints"));
    Path rendered = tmp.resolve("fleet.yaml");
    YAML.writeValue(rendered.toFile(), deployment);
    ProcessRunner.Result r = validate(List.of(rendered));
    assertEquals(0, r.exitCode(), r.describe());
    assertEquals(3, deployment.path("spec").path("replicas").asInt());
  }

  @Test
  void proxyProbesUseTheAdminEndpointAndDiscoveryCanListPods() throws Exception {
    JsonNode proxy =
        documents(K8S.resolve("base/proxy-deployment.yaml"))
            .get(0)
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0);
    assertEquals("/readyz", proxy.path("readinessProbe").path("httpGet").path("path").asText());
    assertEquals("/healthz", proxy.path("livenessProbe").path("httpGet").path("path").asText());
    assertEquals("admin", proxy.path("readinessProbe").path("httpGet").path("port").asText());
    boolean adminPort = false;
    for (JsonNode p : proxy.path("ports")) {
      adminPort |=
          p.path("name").asText().equals("admin") && p.path("containerPort").asInt() == 9187;
    }
    assertTrue(adminPort, proxy.toString());
    assertTrue(proxy.path("resources").path("requests").has("memory"));

    JsonNode role = documents(K8S.resolve("base/rbac.yaml")).get(1);
    assertEquals("Role", role.path("kind").asText());
    assertEquals("pods", role.path("rules").get(0).path("resources").get(0).asText());
    Set<String> verbs = new HashSet<>();
    role.path("rules").get(0).path("verbs").forEach(v -> verbs.add(v.asText()));
    assertEquals(Set.of("get", "watch", "list"), verbs);
  }
}

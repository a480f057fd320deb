package org.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of deploy/kubernetes, checked offline against the schema of the
 * Kubernetes 1.32 API: the official Java client's models are generated from its OpenAPI document
 * and each validates a JSON object against it (every field known, every required field present,
 * every field of its type, recursively). Then what the schema cannot know: that the manifests agree
 * with the Dockerfile and with each other (ports, probes, user, data directory).
 */
class KubernetesManifestsTest {

  private static final Gson GSON = JSON.getGson();
  private static final Path MANIFESTS = DeployFiles.deploy().resolve("kubernetes");
  private static final List<Object> objects = new ArrayList<>();

  @BeforeAll
  static void parse() throws IOException {
    for (String file : List.of("statefulset.yaml", "service.yaml")) {
      for (Map<String, Object> document : DeployFiles.yamlDocuments(MANIFESTS.resolve(file))) {
        objects.add(validated(file, document));
      }
    }
  }

  /** The document as its API type, after the schema check that the type's model carries. */
  private static Object validated(String file, Map<String, Object> document) throws IOException {
    JsonElement json = GSON.toJsonTree(document);
    String kind = String.valueOf(document.get("kind"));
    String apiVersion = String.valueOf(document.get("apiVersion"));
    switch (kind) {
      case "StatefulSet" -> {
        assertThat(apiVersion).as(file).isEqualTo("apps/v1");
        V1StatefulSet.validateJsonElement(json);
        return GSON.fromJson(json, V1StatefulSet.class);
      }
      case "Service" -> {
        assertThat(apiVersion).as(file).isEqualTo("v1");
        V1Service.validateJsonElement(json);
        return GSON.fromJson(json, V1Service.class);
      }
      default -> throw new AssertionError(file + ": a kind this test does not know: " + kind);
    }
  }

  @Test
  void theSchemaCheckRejectsAnUnknownFieldAndAMissingRequiredOne() throws IOException {
    Map<String, Object> statefulSet =
        DeployFiles.yamlDocuments(MANIFESTS.resolve("statefulset.yaml")).get(0);
    String text = GSON.toJson(statefulSet);
    JsonElement misspelt =
        GSON.fromJson(
            text.replace("\"terminationGracePeriodSeconds\"", "\"terminationGracePeriod\""),
            JsonElement.class);
    assertThatThrownBy(() -> V1StatefulSet.validateJsonElement(misspelt))
        .hasMessageContaining("terminationGracePeriod");
    JsonElement noImage = GSON.fromJson(text, JsonElement.class);
    noImage
        .getAsJsonObject()
        .getAsJsonObject("spec")
        .getAsJsonObject("template")
        .getAsJsonObject("spec")
        .getAsJsonArray("containers")
        .get(0)
        .getAsJsonObject()
        .remove("name");
    assertThatThrownBy(() -> V1StatefulSet.validateJsonElement(noImage))
        .hasMessageContaining("name");
  }

  @Test
  void theStatefulSetDeclaresEveryPortOfTheImage() throws IOException {
    Set<String> declared =
        server().getPorts().stream()
            .map(p -> p.getContainerPort() + "/" + p.getProtocol().toLowerCase())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(declared).isEqualTo(DeployFiles.exposedPorts());
    assertThat(env("ATTUNE_PORT")).isEqualTo(port("members").getContainerPort().toString());
    assertThat(env("ATTUNE_OSC_PORT")).isEqualTo(port("osc-udp").getContainerPort().toString());
    assertThat(env("ATTUNE_HTTP_PORT")).isEqualTo(port("http").getContainerPort().toString());
  }

  @Test
  void everyProbeAsksHealthzOnTheHttpPort() {
    V1Container server = server();
    for (V1Probe probe :
        List.of(server.getStartupProbe(), server.getReadinessProbe(), server.getLivenessProbe())) {
      V1HTTPGetAction get = probe.getHttpGet();
      assertThat(get.getPath()).isEqualTo("/healthz");
      assertThat(
              get.getPort().isInteger()
                  ? get.getPort().getIntValue().toString()
                  : get.getPort().getStrValue())
          .isIn("http", "7480");
    }
  }

  @Test
  void theDataVolumeIsAClaimMountedWhereTheImageKeepsItsJournals() throws IOException {
    V1StatefulSet set = statefulSet();
    V1PersistentVolumeClaim claim = set.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    String dataDir = DeployFiles.dockerfileEnv("ATTUNE_DATA_DIR");
    assertThat(dataDir).isEqualTo("/var/lib/attune");
    assertThat(server().getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo(claim.getMetadata().getName());
              assertThat(m.getMountPath()).isEqualTo(dataDir);
            });
    assertThat(env("ATTUNE_DATA_DIR")).isEqualTo(dataDir);
  }

  @Test
  void thePodRunsAsTheImagesUserAndShutsDownGracefully() throws IOException {
    V1PodSpec pod = statefulSet().getSpec().getTemplate().getSpec();
    String uid = DeployFiles.dockerfileUser().split(":")[0];
    assertThat(pod.getSecurityContext().getRunAsUser()).hasToString(uid);
    assertThat(pod.getSecurityContext().getFsGroup()).hasToString(uid);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    List<String> preStop = server().getLifecycle().getPreStop().getExec().getCommand();
    assertThat(preStop.get(0)).isEqualTo("sleep");
    assertThat(pod.getTerminationGracePeriodSeconds())
        .as("time for the preStop wait and then the shutdown hook")
        .isGreaterThan(Long.parseLong(preStop.get(1)) + 10);
  }

  @Test
  void requestsFitInsideLimits() {
    Map<String, Quantity> requests = server().getResources().getRequests();
    Map<String, Quantity> limits = server().getResources().getLimits();
    for (String resource : List.of("cpu", "memory")) {
      assertThat(requests).containsKey(resource);
      assertThat(limits).containsKey(resource);
      assertThat(requests.get(resource).getNumber())
          .isLessThanOrEqualTo(limits.get(resource).getNumber());
    }
  }

  @Test
  void theServicesReachNamedPortsOfThePodWithTheirProtocols() throws IOException {
    V1StatefulSet set = statefulSet();
    Map<String, String> podLabels = set.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(set.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.copyOf(podLabels));
    List<V1Service> services =
        objects.stream().filter(V1Service.class::isInstance).map(V1Service.class::cast).toList();
    assertThat(services)
        .extracting(s -> s.getMetadata().getName())
        .contains("attune", set.getSpec().getServiceName());
    for (V1Service service : services) {
      assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
      for (V1ServicePort p : service.getSpec().getPorts()) {
        V1ContainerPort target = port(p.getTargetPort().getStrValue());
        assertThat(target.getProtocol()).as(p.getName()).isEqualTo(p.getProtocol());
      }
    }
    V1Service front =
        services.stream()
            .filter(s -> s.getMetadata().getName().equals("attune"))
            .findFirst()
            .orElseThrow();
    assertThat(front.getSpec().getPorts())
        .extracting(p -> p.getPort() + "/" + p.getProtocol().toLowerCase())
        .containsExactlyInAnyOrderElementsOf(DeployFiles.exposedPorts());
  }

  @Test
  void kustomizationListsEveryManifest() throws IOException {
    Map<String, Object> kustomization =
        DeployFiles.yamlDocuments(MANIFESTS.resolve("kustomization.yaml")).get(0);
    @SuppressWarnings("unchecked")
    List<String> resources = (List<String>) kustomization.get("resources");
    try (var files = Files.list(MANIFESTS)) {
      assertThat(resources)
          .containsExactlyInAnyOrderElementsOf(
              files
                  .map(f -> f.getFileName().toString())
                  .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                  .toList());
    }
  }

  private static V1StatefulSet statefulSet() {
    return objects.stream()
        .filter(V1StatefulSet.class::isInstance)
        .map(V1StatefulSet.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static V1Container server() {
    return statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static V1ContainerPort port(String name) {
    return server().getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + name));
  }

  private static String env(String name) {
    return server().getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(V1EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }
}

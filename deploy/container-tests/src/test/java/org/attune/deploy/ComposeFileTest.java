package org.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml and its Prometheus configuration agree with the Dockerfile: every port
 * published, the data volume where the image keeps its journals, Prometheus scraping the server's
 * HTTP port; promtool (where installed, as in CI) accepts the Prometheus file.
 */
class ComposeFileTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) throws IOException {
    Map<String, Object> compose =
        DeployFiles.yamlDocuments(DeployFiles.deploy().resolve("compose.yaml")).get(0);
    return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theServerPublishesEveryPortOfTheImageAndKeepsItsDataOnAVolume() throws IOException {
    Map<String, Object> attune = service("attune");
    List<String> ports = (List<String>) attune.get("ports");
    assertThat(ports)
        .allSatisfy(p -> assertThat(p.split(":")[0]).isEqualTo(p.split(":")[1].split("/")[0]));
    assertThat(ports)
        .extracting(p -> p.split(":")[1])
        .containsExactlyInAnyOrderElementsOf(DeployFiles.exposedPorts());
    assertThat((List<String>) attune.get("volumes"))
        .contains("attune-data:" + DeployFiles.dockerfileEnv("ATTUNE_DATA_DIR"));
    Map<String, Object> build = (Map<String, Object>) attune.get("build");
    assertThat(build.get("dockerfile")).isEqualTo("deploy/Dockerfile");
  }

  @Test
  void prometheusScrapesTheServersHttpPort() throws Exception {
    Path config = DeployFiles.deploy().resolve("prometheus.yml");
    String text = Files.readString(config);
    assertThat(text)
        .contains("metrics_path: /metrics")
        .contains("\"attune:" + DeployFiles.dockerfileEnv("ATTUNE_HTTP_PORT") + "\"");
    assertThat(service("prometheus").get("volumes").toString())
        .contains("./prometheus.yml:/etc/prometheus/prometheus.yml");

    Path promtool = Path.of("/usr/bin/promtool");
    Assumptions.assumeTrue(
        Files.isExecutable(promtool),
        "SKIPPED the promtool check: promtool is not installed (apt-get install prometheus)");
    Process p =
        new ProcessBuilder(promtool.toString(), "check", "config", config.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
  }
}

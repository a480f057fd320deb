package org.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The server image, built once per test run from the real {@code deploy/Dockerfile} and the cli's
 * jar, on top of the local base image that {@code deploy/base-image} makes when it is missing
 * (these machines cannot pull from a registry).
 */
final class ServerImage {

  static final String NAME = "attune:container-test";
  private static final String BASE = "attune-base:jre17";
  private static String built;

  private ServerImage() {}

  static Path repository() {
    return Path.of(System.getProperty("attune.repository", "../..")).toAbsolutePath().normalize();
  }

  static Path target() {
    return Path.of(System.getProperty("attune.target", "target")).toAbsolutePath();
  }

  /**
   * Builds the image (Docker's layer cache makes a rebuild of an unchanged jar cheap).
   * withDockerfilePath, deprecated, names the Dockerfile inside the context as `docker build -f`
   * does; its replacement withDockerfile(Path) parses the FROM line to pre-pull the base image,
   * which here is a build argument naming a local image that no registry has.
   */
  @SuppressWarnings("deprecation")
  static synchronized String get() throws Exception {
    if (built != null) {
      return built;
    }
    Path jar =
        Path.of(
            System.getProperty(
                "attune.jar", repository().resolve("cli/target/attune.jar").toString()));
    assertThat(jar).as("the cli's shaded jar (./mvnw -B verify packages it)").isRegularFile();
    String base = baseImage();
    Path deploy = repository().resolve("deploy");
    long start = System.nanoTime();
    built =
        new ImageFromDockerfile(NAME, false)
            .withFileFromPath("deploy/Dockerfile", deploy.resolve("Dockerfile"))
            .withFileFromPath("deploy/image", deploy.resolve("image"))
            .withFileFromPath("cli/target/attune.jar", jar)
            .withDockerfilePath("deploy/Dockerfile")
            .withBuildArg("BASE_IMAGE", base)
            .get(5, TimeUnit.MINUTES);
    System.out.printf(
        "image %s built from deploy/Dockerfile on %s in %d ms%n",
        built, base, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    return built;
  }

  /** Runs deploy/base-image, which returns at once when the engine already has the image. */
  private static String baseImage() throws IOException, InterruptedException {
    Path log = target().resolve("base-image.log");
    Path name = target().resolve("base-image.name");
    Files.createDirectories(log.getParent());
    Process p =
        new ProcessBuilder(repository().resolve("deploy/base-image").toString(), BASE)
            .redirectError(log.toFile())
            .redirectOutput(name.toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("deploy/base-image took over 10 minutes; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "deploy/base-image failed (" + p.exitValue() + "): " + Files.readString(log));
    }
    return Files.readString(name, StandardCharsets.UTF_8).trim();
  }
}

package org.attune.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the files of deploy/: YAML documents, and what the Dockerfile declares. */
final class DeployFiles {

  private DeployFiles() {}

  static Path deploy() {
    return ServerImage.repository().resolve("deploy");
  }

  /** Every YAML document of a file, as maps, lists and scalars (no object construction). */
  static List<Map<String, Object>> yamlDocuments(Path file) throws IOException {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : yaml.loadAll(Files.readString(file))) {
      if (document != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) document;
        documents.add(map);
      }
    }
    return documents;
  }

  /** The Dockerfile's EXPOSE list, e.g. {@code 7400/tcp}. */
  static Set<String> exposedPorts() throws IOException {
    Set<String> ports = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^EXPOSE\\s+(.+)$").matcher(dockerfile());
    while (m.find()) {
      for (String port : m.group(1).trim().split("\\s+")) {
        ports.add(port.contains("/") ? port.toLowerCase() : port + "/tcp");
      }
    }
    return ports;
  }

  /** The value of one {@code ENV} name in the Dockerfile, or null. */
  static String dockerfileEnv(String name) throws IOException {
    Matcher m = Pattern.compile("(?m)\\b" + Pattern.quote(name) + "=(\\S+)").matcher(dockerfile());
    return m.find() ? m.group(1) : null;
  }

  /** The Dockerfile's {@code USER}, e.g. {@code 10001:10001}. */
  static String dockerfileUser() throws IOException {
    Matcher m = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile());
    return m.find() ? m.group(1) : null;
  }

  static String dockerfile() throws IOException {
    return Files.readString(deploy().resolve("Dockerfile"));
  }
}

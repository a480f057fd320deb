package org.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** sox, an independent reader of the server's recordings: format and level of a sound file. */
final class Sox {

  record Stat(int sampleRate, int channels, double seconds, double maxAmplitude) {}

  private Sox() {}

  static Stat stat(Path file) throws IOException, InterruptedException {
    String info = run("soxi", file.toString());
    String stat = run("sox", file.toString(), "-n", "stat");
    return new Stat(
        (int) number(info, "Sample Rate\\s*:\\s*(\\d+)"),
        (int) number(info, "Channels\\s*:\\s*(\\d+)"),
        number(stat, "Length \\(seconds\\):\\s*([0-9.]+)"),
        number(stat, "Maximum amplitude:\\s*([0-9.]+)"));
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in:%n%s", regex, text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
    return text;
  }
}

package org.attune.audio.sf2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which font the locator picks, on a temporary directory standing in for Debian's. */
class SoundFontLocatorTest {

  @TempDir Path dir;

  private Path touch(String name) throws IOException {
    return Files.write(dir.resolve(name), new byte[] {1});
  }

  @Test
  void prefersFluidThenTimThenTheDefault() throws IOException {
    SoundFontLocator locator = new SoundFontLocator(dir, Map.of());
    assertThat(locator.locate()).isEmpty();
    Path def = touch("default-GM.sf2");
    assertThat(locator.locate()).contains(def);
    Path tim = touch("TimGM6mb.sf2");
    assertThat(locator.locate()).contains(tim);
    Path fluid = touch("FluidR3_GM.sf2");
    assertThat(locator.locate()).contains(fluid);
  }

  @Test
  void aDirectoryNamedLikeAFontIsNotAFont() throws IOException {
    Files.createDirectory(dir.resolve("FluidR3_GM.sf2"));
    Path tim = touch("TimGM6mb.sf2");
    assertThat(new SoundFontLocator(dir, Map.of()).locate()).contains(tim);
  }

  @Test
  void theEnvironmentVariableWinsOverInstalledFontsEvenIfMissing() throws IOException {
    touch("FluidR3_GM.sf2");
    Path mine = dir.resolve("elsewhere/Mine.sf2");
    SoundFontLocator locator =
        new SoundFontLocator(dir, Map.of(SoundFontLocator.ENVIRONMENT_VARIABLE, " " + mine + " "));
    assertThat(locator.locate()).contains(mine);
    assertThat(
            new SoundFontLocator(dir, Map.of(SoundFontLocator.ENVIRONMENT_VARIABLE, "")).locate())
        .contains(dir.resolve("FluidR3_GM.sf2"));
  }

  @Test
  void aGivenPathWinsOverEverything() throws IOException {
    touch("TimGM6mb.sf2");
    Path given = dir.resolve("given.sf2");
    SoundFontLocator locator =
        new SoundFontLocator(
            dir, Map.of(SoundFontLocator.ENVIRONMENT_VARIABLE, dir.resolve("env.sf2").toString()));
    assertThat(locator.locate(given)).contains(given);
    assertThat(locator.locate(null)).contains(dir.resolve("env.sf2"));
  }

  @Test
  void theSystemLocatorFindsAnInstalledDebianFont() {
    boolean installed =
        SoundFontLocator.PREFERRED.stream()
            .anyMatch(f -> Files.isRegularFile(SoundFontLocator.DEBIAN_DIRECTORY.resolve(f)));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        installed && System.getenv(SoundFontLocator.ENVIRONMENT_VARIABLE) == null);
    assertThat(SoundFontLocator.system().locate())
        .hasValueSatisfying(
            p -> {
              assertThat(p.getParent()).isEqualTo(SoundFontLocator.DEBIAN_DIRECTORY);
              assertThat(Files.isRegularFile(p)).isTrue();
            });
  }
}

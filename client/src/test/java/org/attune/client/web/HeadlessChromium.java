package org.attune.client.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium (Debian's {@code chromium} and {@code chromium-driver}, which {@code
 * .ci/run} installs), headless, with a fresh profile and every directory it or its driver writes
 * under {@code target/}: nothing in the user's home, and no driver download by Selenium Manager.
 *
 * <p>Thread-safe: no; one test thread drives it.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path TARGET = Path.of("target", "browser").toAbsolutePath();

  final ChromeDriver driver;

  /** Where the page's downloads are saved: a fresh directory per browser. */
  final Path downloads;

  HeadlessChromium(String name) {
    try {
      Path root = Files.createDirectories(TARGET.resolve(name));
      Path home = Files.createDirectories(root.resolve("home"));
      Path profile =
          Files.createTempDirectory(Files.createDirectories(root.resolve("profiles")), "profile");
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .withEnvironment(
                  Map.of(
                      "HOME", home.toString(),
                      "XDG_CONFIG_HOME",
                          Files.createDirectories(home.resolve(".config")).toString(),
                      "XDG_CACHE_HOME", Files.createDirectories(home.resolve(".cache")).toString(),
                      "TMPDIR", Files.createDirectories(root.resolve("tmp")).toString()))
              .withLogFile(root.resolve("chromedriver.log").toFile())
              .build();
      downloads =
          Files.createTempDirectory(Files.createDirectories(root.resolve("downloads")), "d");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.setExperimentalOption(
          "prefs",
          Map.of(
              "download.default_directory",
              downloads.toString(),
              "download.prompt_for_download",
              false));
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--autoplay-policy=no-user-gesture-required",
          "--window-size=1280,1400",
          "--user-data-dir=" + profile);
      driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Skips the test where Chromium is not installed; in CI (which installs it) fails instead. */
  static void assumeInstalled() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (System.getenv("CI") != null && !installed) {
      throw new AssertionError("CI must install chromium and chromium-driver (see .ci/run)");
    }
    Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
  }

  /** Runs {@code script} in the page and returns its value. */
  Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** Saves a screenshot of the whole window under {@code target/screenshots/}. */
  Path screenshot(String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "screenshots").toAbsolutePath());
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Path to = dir.resolve(name + ".png");
      Files.copy(shot.toPath(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}

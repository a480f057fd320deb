package org.attune.server.transport.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The browser pages' files (HTML, CSS, JavaScript modules), read once from the server's jar ({@code
 * web/} on the class path, each named in {@code web/files.txt}) when the server starts, so that
 * serving one never reads a file on an event loop.
 *
 * <p>Thread-safe: immutable after construction.
 */
public final class WebAssets {

  static final String ROOT = "web/";

  /** A file name as the pages use them: no directories, so no way out of {@code web/}. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|css|js|svg)");

  /** One file: its bytes and its content type. */
  record Asset(String contentType, byte[] bytes) {
    ByteBuf content() {
      return Unpooled.wrappedBuffer(bytes);
    }
  }

  private final Map<String, Asset> assets;

  private WebAssets(Map<String, Asset> assets) {
    this.assets = Map.copyOf(assets);
  }

  /**
   * Reads every file {@code web/files.txt} names.
   *
   * @throws UncheckedIOException if the list or a file in it is missing: a broken jar fails at
   *     start, not at a therapist's first click
   */
  public static WebAssets fromClassPath() {
    ClassLoader loader = WebAssets.class.getClassLoader();
    Map<String, Asset> assets = new LinkedHashMap<>();
    String list = new String(read(loader, ROOT + "files.txt"), StandardCharsets.UTF_8);
    for (String line : list.split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      if (!NAME.matcher(name).matches()) {
        throw new IllegalStateException("web/files.txt names a file it may not: " + name);
      }
      assets.put(name, new Asset(contentType(name), read(loader, ROOT + name)));
    }
    return new WebAssets(assets);
  }

  /** The file of that name, if the pages have one. */
  Optional<Asset> get(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  /** The names of all files, in the list's order. */
  public java.util.Set<String> names() {
    return assets.keySet();
  }

  private static byte[] read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("missing from the jar: " + resource));
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String contentType(String name) {
    String extension = name.substring(name.lastIndexOf('.') + 1);
    return switch (extension) {
      case "html" -> "text/html; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "svg" -> "image/svg+xml";
      default -> throw new IllegalArgumentException(name);
    };
  }
}

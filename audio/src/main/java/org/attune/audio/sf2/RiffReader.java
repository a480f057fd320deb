package org.attune.audio.sf2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the chunk tree of a RIFF file held in memory and the little-endian fields inside chunks,
 * checking every size against its parent and the end of the file.
 *
 * <p>A chunk whose declared size runs past the end of the file is reported as truncated, one that
 * runs past its parent as a wrong size; either way the error names the innermost chunk concerned,
 * so a cut file says which chunk it lost.
 *
 * <p>Thread-safe: no (one reader per parse; it owns a duplicate of the caller's buffer).
 */
final class RiffReader {

  private static final int HEADER = 8;
  private static final int MAX_NESTING = 3;
  private static final Set<String> SOUNDFONT_IDS =
      Set.of(
          "RIFF", "LIST", "ifil", "isng", "INAM", "irom", "iver", "ICRD", "IENG", "IPRD", "ICOP",
          "ICMT", "ISFT", "smpl", "sm24", "phdr", "pbag", "pmod", "pgen", "inst", "ibag", "imod",
          "igen", "shdr");

  private final String fileName;
  private final ByteBuffer buf;
  private final int length;

  RiffReader(String fileName, ByteBuffer data) {
    this.fileName = fileName;
    this.buf = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.length = buf.limit();
  }

  String fileName() {
    return fileName;
  }

  /** The buffer (little-endian, position 0 at the file's first byte); do not keep it. */
  ByteBuffer buffer() {
    return buf;
  }

  /** The top chunk, checked to be {@code RIFF} of form {@code form}. */
  RiffChunk root(String form) throws SoundFontException {
    if (length < HEADER + 4) {
      if (length >= 4 && !fourCc(0).equals("RIFF")) {
        throw fail("RIFF", "not a RIFF file (starts with \"" + printable(fourCc(0)) + "\")");
      }
      throw fail("RIFF", "file of " + length + " bytes is too short to be RIFF");
    }
    String id = fourCc(0);
    if (!id.equals("RIFF")) {
      throw fail("RIFF", "not a RIFF file (starts with \"" + printable(id) + "\")");
    }
    String type = fourCc(HEADER);
    if (!type.equals(form)) {
      throw fail("RIFF", "form type is \"" + printable(type) + "\", not \"" + form + "\"");
    }
    RiffChunk root =
        new RiffChunk(id, "RIFF", HEADER, checkedSize("RIFF", 0, Long.MAX_VALUE, true, ""));
    if (root.size() < 4) {
      throw fail("RIFF", "size " + root.size() + " is too small to hold the form type");
    }
    return root;
  }

  /** The chunks inside a list chunk, each checked to lie inside it and inside the file. */
  List<RiffChunk> children(RiffChunk list) throws SoundFontException {
    List<RiffChunk> out = new ArrayList<>();
    int end = list.dataEnd();
    int at = list.dataOffset() + 4;
    while (at < end) {
      if (at + HEADER > length) {
        throw fail(
            list.path(),
            "truncated: the file ends at "
                + length
                + " bytes, the list's size"
                + " says it runs to "
                + end);
      }
      if (end - at < HEADER) {
        throw fail(
            list.path(),
            "the chunk header at offset "
                + at
                + " is cut short by the end of"
                + " the list at "
                + end);
      }
      String id = fourCc(at);
      boolean isList = id.equals("LIST") || id.equals("RIFF");
      String path = list.path() + "/" + printable(id);
      String note =
          SOUNDFONT_IDS.contains(id)
              ? ""
              : " (\""
                  + printable(id)
                  + "\" is no SoundFont chunk: the chunk before it may have the"
                  + " wrong size)";
      int size = checkedSize(path, at, end, isList, note);
      RiffChunk chunk = new RiffChunk(id, path, at + HEADER, size);
      if (isList) {
        if (size < 4) {
          throw fail(path, "size " + size + " is too small to hold the list type");
        }
        if (at + HEADER + 4 > length) {
          throw fail(
              list.path(),
              "truncated: the file ends at "
                  + length
                  + " bytes, inside the"
                  + " header of a list at offset "
                  + at);
        }
        String type = printable(fourCc(at + HEADER));
        String listPath = list.path().equals("RIFF") ? type : list.path() + "/" + type;
        if (listPath.chars().filter(c -> c == '/').count() > MAX_NESTING) {
          throw fail(listPath, "lists are nested deeper than a SoundFont's");
        }
        chunk = new RiffChunk(id, listPath, at + HEADER, size);
        if (chunk.dataEnd() > length) {
          // Walking it now names the chunk that was cut, not just this list.
          children(chunk);
        }
      }
      out.add(chunk);
      // RIFF pads odd chunks to even length; the last one may lack its pad byte.
      long next = (long) chunk.dataEnd() + (size & 1);
      at = (int) Math.min(next, end);
    }
    return out;
  }

  /** The one chunk in {@code chunks} of this id (for lists, of this list type), or an error. */
  RiffChunk require(RiffChunk parent, List<RiffChunk> chunks, String idOrType)
      throws SoundFontException {
    for (RiffChunk c : chunks) {
      if (c.isList() ? listType(c).equals(idOrType) : c.id().equals(idOrType)) {
        return c;
      }
    }
    String path = parent.path().equals("RIFF") ? idOrType : parent.path() + "/" + idOrType;
    throw fail(path, "required chunk is missing");
  }

  /** The list type of a list chunk. */
  String listType(RiffChunk list) {
    return fourCc(list.dataOffset());
  }

  int u8(int offset) {
    return buf.get(offset) & 0xFF;
  }

  int s8(int offset) {
    return buf.get(offset);
  }

  int u16(int offset) {
    return buf.getShort(offset) & 0xFFFF;
  }

  int s16(int offset) {
    return buf.getShort(offset);
  }

  long u32(int offset) {
    return buf.getInt(offset) & 0xFFFF_FFFFL;
  }

  /** A fixed-length, NUL-terminated ASCII field, trimmed. */
  String string(int offset, int maxLength) {
    int n = 0;
    while (n < maxLength && buf.get(offset + n) != 0) {
      n++;
    }
    byte[] bytes = new byte[n];
    buf.get(offset, bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1).trim();
  }

  SoundFontException fail(String chunk, String problem) {
    return new SoundFontException(fileName, chunk, problem);
  }

  private String fourCc(int offset) {
    byte[] b = new byte[4];
    buf.get(offset, b);
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /**
   * The size field of the chunk whose header is at {@code at}, checked against its parent and, for
   * a leaf, the file. A list may claim more than the file holds: the child that is cut reports it,
   * which says more than "the list is truncated".
   */
  private int checkedSize(String path, int at, long parentEnd, boolean isList, String note)
      throws SoundFontException {
    long size = u32(at + 4);
    long end = at + HEADER + size;
    if (isList && end > Integer.MAX_VALUE) {
      throw fail(path, "size " + size + " is larger than any SoundFont this reader takes" + note);
    }
    if (!isList && end > length) {
      throw fail(
          path,
          "truncated: size "
              + size
              + " at offset "
              + at
              + " needs the file to run to "
              + end
              + " bytes, it has "
              + length
              + note);
    }
    if (end > parentEnd) {
      throw fail(
          path, "size " + size + " runs " + (end - parentEnd) + " bytes past its parent" + note);
    }
    return (int) size;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 32 && c < 127 ? c : '?');
    }
    return b.toString();
  }
}

package org.attune.audio.sf2;

/**
 * One chunk of a RIFF file: where its data lies in the file and what to call it in an error.
 *
 * <p>Immutable; thread-safe.
 *
 * @param id the four-character chunk id ({@code RIFF}, {@code LIST}, {@code phdr}...)
 * @param path how errors name it: the list type for a {@code RIFF} or {@code LIST} chunk ({@code
 *     pdta}), the parent's path and the id for others ({@code pdta/pgen})
 * @param dataOffset the file offset of the chunk's data (for a list, of its type)
 * @param size the data's size in bytes, as the chunk header gives it
 */
record RiffChunk(String id, String path, int dataOffset, int size) {

  /** True for chunks that hold other chunks after a four-character type. */
  boolean isList() {
    return id.equals("RIFF") || id.equals("LIST");
  }

  int dataEnd() {
    return dataOffset + size;
  }
}

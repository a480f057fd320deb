package org.attune.server.mixer;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Which member plays on each member strip of a group's bus, as the render thread's stem tap reads
 * it: the group's loop writes it as members join and leave, a recording's {@link
 * GroupRecording#strips} reads it every block.
 *
 * <p>Thread-safe: yes. {@link #member} is realtime-safe (one volatile read, no allocation).
 */
final class StripMembers {

  private final AtomicReferenceArray<String> members;

  StripMembers(int memberStrips) {
    members = new AtomicReferenceArray<>(memberStrips);
  }

  int strips() {
    return members.length();
  }

  /** The id of the member on strip {@code index} ("m3": never a pseudonym), or null. */
  String member(int index) {
    return members.get(index);
  }

  void assign(int index, String memberId) {
    members.set(index, memberId);
  }

  void free(int index) {
    members.set(index, null);
  }
}

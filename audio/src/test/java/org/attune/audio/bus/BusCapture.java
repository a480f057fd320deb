package org.attune.audio.bus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A sink that keeps every block: the left channel end to end, and each block's frame number. */
final class BusCapture implements BusSink {

  private float[] left = new float[48_000];
  private int size;
  final List<Long> frames = new ArrayList<>();

  @Override
  public void block(long frame, float[] l, float[] r, int n) {
    frames.add(frame);
    if (size + n > left.length) {
      left = Arrays.copyOf(left, left.length * 2);
    }
    System.arraycopy(l, 0, left, size, n);
    size += n;
  }

  /** The left channel so far; index 0 is the first block's first frame. */
  float[] left() {
    return Arrays.copyOf(left, size);
  }

  /** The bus frame of the first captured frame. */
  long firstFrame() {
    return frames.get(0);
  }
}

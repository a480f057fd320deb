package org.attune.audio.bus;

/**
 * Timed note events waiting for their block, kept in frame order in a preallocated array.
 *
 * <p>Events mostly arrive in time order, so insertion is usually at the end; an event played
 * slightly earlier than one before it moves back a few places.
 *
 * <p>Thread-safe: no; owned by the render thread. Realtime-safe: yes.
 */
final class EventSchedule {

  private final BusEvent[] events;
  private final long[] frames;
  private int head;
  private int size;

  EventSchedule(int capacity) {
    events = new BusEvent[capacity];
    frames = new long[capacity];
  }

  /** Adds an event due at {@code frame}; false if full. */
  boolean add(BusEvent event, long frame) {
    if (size == events.length) {
      return false;
    }
    if (head + size == events.length) {
      System.arraycopy(events, head, events, 0, size);
      System.arraycopy(frames, head, frames, 0, size);
      head = 0;
    }
    int i = head + size;
    while (i > head && frames[i - 1] > frame) {
      events[i] = events[i - 1];
      frames[i] = frames[i - 1];
      i--;
    }
    events[i] = event;
    frames[i] = frame;
    size++;
    return true;
  }

  /** True if the earliest event is due before {@code frame}. */
  boolean hasBefore(long frame) {
    return size > 0 && frames[head] < frame;
  }

  long peekFrame() {
    return frames[head];
  }

  BusEvent poll() {
    BusEvent e = events[head];
    events[head] = null;
    head++;
    size--;
    if (size == 0) {
      head = 0;
    }
    return e;
  }

  int size() {
    return size;
  }
}

package org.attune.audio.bus;

/**
 * Told by the render threads how each block went, for metrics.
 *
 * <p>Called on a render thread: implementations must be quick and must not block.
 */
public interface RenderObserver {

  /**
   * A block was rendered.
   *
   * @param renderNanos how long rendering it took
   * @param budgetNanos the block's duration: a render load of 1 uses the whole budget
   * @param late true if it was done after its first frame was due out (an underrun)
   */
  void rendered(GroupBus bus, long renderNanos, long budgetNanos, boolean late);

  /** A bus threw while rendering and was taken off its render thread. */
  void failed(GroupBus bus, Throwable error);

  /** Does nothing. */
  RenderObserver NONE =
      new RenderObserver() {
        @Override
        public void rendered(GroupBus bus, long renderNanos, long budgetNanos, boolean late) {}

        @Override
        public void failed(GroupBus bus, Throwable error) {}
      };
}

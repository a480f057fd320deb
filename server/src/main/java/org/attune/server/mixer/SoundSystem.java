package org.attune.server.mixer;

import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.attune.audio.builtin.BuiltinSoundFont;
import org.attune.audio.bus.BusStats;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.bus.RenderObserver;
import org.attune.audio.bus.RenderScheduler;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.sf2.SoundFontException;
import org.attune.audio.sf2.SoundFontLocator;
import org.attune.audio.sf2.SoundFontParser;
import org.attune.clock.ServerClock;
import org.attune.server.SoundConfig;
import org.attune.server.group.Group;
import org.attune.server.group.GroupSound;
import org.attune.server.journal.DataDirectory;
import org.attune.server.stream.LiveStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's sound: the SoundFont every group plays, the render threads, and a bus for each group
 * as it is created.
 *
 * <p>Thread-safe: yes. {@link #create} runs wherever a group is created; the buses it makes are fed
 * from their group's loop and rendered on a render thread.
 */
public final class SoundSystem implements GroupSound.Factory, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SoundSystem.class);

  /** The directory of a session's recordings, in the session's directory. */
  public static final String RECORDINGS = "recordings";

  private final SoundConfig config;
  private final ServerClock clock;
  private final SoundFont font;
  private final int memberStrips;
  private final BusStats stats = new BusStats();
  private final RenderScheduler scheduler;
  private final Map<String, GroupMixer> mixers = new ConcurrentHashMap<>();
  private final Optional<DataDirectory> data;
  private final RecordingStats recordingStats = new RecordingStats();
  private final LiveStreams streams;

  /**
   * Loads the sounds and starts the render threads.
   *
   * @param memberStrips strips per group for members: the most members a group may have
   * @throws SoundFontException if the SoundFont named in the config cannot be read
   */
  public SoundSystem(
      SoundConfig config, ServerClock clock, int memberStrips, RenderObserver observer)
      throws SoundFontException {
    this(config, clock, memberStrips, observer, Optional.empty());
  }

  /**
   * Loads the sounds and starts the render threads; groups record into their session's directory in
   * {@code data}, if there is one.
   */
  public SoundSystem(
      SoundConfig config,
      ServerClock clock,
      int memberStrips,
      RenderObserver observer,
      Optional<DataDirectory> data)
      throws SoundFontException {
    this.data = data;
    this.config = config;
    this.clock = clock;
    this.memberStrips = memberStrips;
    this.font = loadFont(config.soundFont());
    int threads =
        config.renderThreads() > 0
            ? config.renderThreads()
            : Runtime.getRuntime().availableProcessors();
    this.scheduler = new RenderScheduler(clock, threads, observer);
    this.streams = new LiveStreams(clock, PooledByteBufAllocator.DEFAULT);
    log.info(
        "sound: {} on {} render threads, {} ms render delay",
        font,
        threads,
        config.renderDelay().toMillis());
  }

  /**
   * The named SoundFont ({@link SoundConfig#BUILT_IN} names the built-in voices), else the one
   * {@code $ATTUNE_SOUNDFONT} names or the first installed one that reads, else the built-in
   * voices.
   *
   * @throws SoundFontException if the named file cannot be read
   */
  public static SoundFont loadFont(Optional<Path> named) throws SoundFontException {
    if (named.isPresent()) {
      return named.get().toString().equals(SoundConfig.BUILT_IN)
          ? BuiltinSoundFont.create()
          : SoundFontParser.read(named.get());
    }
    Optional<Path> found = SoundFontLocator.system().locate();
    if (found.isPresent()) {
      try {
        return SoundFontParser.read(found.get());
      } catch (SoundFontException e) {
        log.warn("sound: {}; playing the built-in voices instead", e.getMessage());
      }
    } else {
      log.info(
          "sound: no SoundFont installed (e.g. apt-get install timgm6mb-soundfont); "
              + "playing the built-in voices");
    }
    return BuiltinSoundFont.create();
  }

  @Override
  public GroupSound create(Group group) {
    GroupBus bus =
        new GroupBus(
            group.id(),
            font,
            memberStrips,
            config.maxVoices(),
            config.renderDelay().toNanos() / 1_000,
            clock.nowMicros(),
            stats);
    GroupMixer mixer = new GroupMixer(bus, this, streams.listeners(bus, group.executor()));
    mixers.put(group.id(), mixer);
    scheduler.add(bus);
    return mixer;
  }

  /**
   * Where a new recording of a group goes, named by the group and the time (UTC), ending in {@code
   * extension}; its stems go next to it ({@link StemTracks}).
   */
  Optional<Path> recordingFile(String groupId, String extension) {
    String time =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    return data.map(
        d -> d.session(groupId).resolve(RECORDINGS).resolve(groupId + "-" + time + extension));
  }

  /** The groups' live streams: their encoder thread, UDP routes and counters. */
  public LiveStreams streams() {
    return streams;
  }

  public RecordingStats recordingStats() {
    return recordingStats;
  }

  void remove(GroupMixer mixer) {
    mixers.remove(mixer.bus().name(), mixer);
    scheduler.remove(mixer.bus());
  }

  /** The bus of a group, for sinks (recordings, streams, tests). */
  public Optional<GroupBus> bus(String groupId) {
    return Optional.ofNullable(mixers.get(groupId)).map(GroupMixer::bus);
  }

  /** Voices sounding now over every group. */
  public int voicesActive() {
    int n = 0;
    for (GroupMixer m : mixers.values()) {
      n += m.bus().voicesActive();
    }
    return n;
  }

  public int buses() {
    return mixers.size();
  }

  public BusStats stats() {
    return stats;
  }

  public SoundFont font() {
    return font;
  }

  String soundFontName() {
    return font.name();
  }

  /** Finishes every recording (waiting up to two seconds for each file), then stops rendering. */
  @Override
  public void close() {
    for (GroupMixer m : mixers.values()) {
      m.finishRecording(2_000);
    }
    scheduler.close();
    streams.close();
  }
}

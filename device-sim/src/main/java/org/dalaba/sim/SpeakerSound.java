package org.dalaba.sim;

import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.dalaba.sim.audio.AttentionSignal;
import org.dalaba.sim.audio.AudioPlayback;
import org.dalaba.sim.audio.Decoders;
import org.dalaba.sim.audio.Speech;

/**
 * A real endpoint's {@link Sound}: what a pass consists of, handed to the {@link AudioPlayback}.
 * <ul>
 *   <li>an alert with media: the file (it holds the hub's attention signal already);</li>
 *   <li>an alert without media: the endpoint's own {@link AttentionSignal} for its level, then its text spoken;</li>
 *   <li>a play: its {@code items} in order (or its single {@code media}/{@code text}), each the file when the
 *       endpoint holds it, else the text spoken; from {@code offsetMs} on when it is a resume.</li>
 * </ul>
 * The length the hub estimated is not used: a pass lasts as long as its audio.
 */
final class SpeakerSound implements Sound {

  /** The bytes of a verified file by SHA-256, or null when the endpoint does not hold it. */
  interface MediaLookup {
    byte[] bytes(String sha256) throws IOException;
  }

  private final AudioPlayback playback;
  private final MediaLookup media;
  private final Speech speech;
  private final IntSupplier volume;
  private final Map<Long, AudioPlayback.Job> jobs = new HashMap<>();
  private long next = 1;

  SpeakerSound(AudioPlayback playback, MediaLookup media, Speech speech, IntSupplier volume) {
    this.playback = playback;
    this.media = media;
    this.speech = speech;
    this.volume = volume;
  }

  @Override
  public long start(Command command, long lengthMs, Consumer<String> ended) {
    long handle = next++;
    Context context = io.vertx.core.Vertx.currentContext();
    long offset = command.type() == Command.Type.PLAY ? command.json().getLong("offsetMs", 0L) : 0L;
    AudioPlayback.Job job = playback.play(command.id(), segments(command), offset, volume, error ->
        context.runOnContext(v -> {
          if (jobs.remove(handle) != null) {
            ended.accept(error == null ? null : "playback failed: " + error.getMessage());
          }
        }));
    jobs.put(handle, job);
    return handle;
  }

  @Override
  public void cancel(long handle) {
    AudioPlayback.Job job = jobs.remove(handle);
    if (job != null) {
      job.cancel();
    }
  }

  private List<AudioPlayback.Segment> segments(Command command) {
    List<AudioPlayback.Segment> segments = new ArrayList<>();
    JsonObject json = command.json();
    if (command.type() == Command.Type.ALERT) {
      if (command.playedMedia() != null) {
        segments.add(file(command.playedMedia()));
      } else {
        String level = json.getString("level");
        segments.add(() -> AttentionSignal.forLevel(level));
        segments.add(spoken(json.getString("text")));
      }
      return segments;
    }
    JsonArray items = json.getJsonArray("items");
    if (items == null) {
      items = new JsonArray().add(json);
    }
    for (Object o : items) {
      if (o instanceof JsonObject item) {
        segments.add(item(item));
      }
    }
    return segments;
  }

  private AudioPlayback.Segment item(JsonObject item) {
    JsonObject ref = item.getJsonObject("media");
    String text = item.getString("text");
    return () -> {
      byte[] bytes = ref == null ? null : media.bytes(ref.getString("sha256"));
      if (bytes != null) {
        return Decoders.decode(bytes);
      }
      if (text != null) {
        return speech.speak(text);
      }
      throw new IOException("media " + ref.getString("sha256") + " is not held and the item has no text");
    };
  }

  private AudioPlayback.Segment file(String sha256) {
    return () -> {
      byte[] bytes = media.bytes(sha256);
      if (bytes == null) {
        throw new IOException("media " + sha256 + " is not held");
      }
      return Decoders.decode(bytes);
    };
  }

  private AudioPlayback.Segment spoken(String text) {
    return () -> speech.speak(text);
  }
}

package org.dalaba.hub.alert;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dalaba.hub.alert.audio.AlertAudio;
import org.dalaba.hub.media.MediaItem;
import org.dalaba.hub.status.EndpointCaps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which endpoints get an alert as text and which need its audio (docs/protocol.md, "alert"): endpoints
 * that speak text get the alert at once; audio-only endpoints get it, with {@code media}, on their own
 * topic as soon as the text is voiced (or at once when a recording is attached); endpoints that can
 * play neither are recorded failed {@value #NO_PLAYABLE_FORMAT}.
 */
public final class AlertVoicing {
  public static final String NO_PLAYABLE_FORMAT = "NO_PLAYABLE_FORMAT";
  private static final Logger LOG = LoggerFactory.getLogger(AlertVoicing.class);

  private final AlertAudio audio;
  private final EndpointCaps caps;
  private final Supplier<String> publicUrl;

  public AlertVoicing(AlertAudio audio, EndpointCaps caps, Supplier<String> publicUrl) {
    this.audio = audio;
    this.caps = caps;
    this.publicUrl = publicUrl;
  }

  Future<MediaItem> recording(AlertLevel level, String sha256, String user) {
    return audio.withRecording(level, sha256, user);
  }

  JsonObject reference(MediaItem item) {
    return item.reference(publicUrl.get());
  }

  /** Voices the alert's text on a worker and hands back the alert with its audio; never delays the alert. */
  void voiceLater(Alert alert, Consumer<Alert> voiced) {
    if (!audio.canVoice()) {
      LOG.warn("Alert {} cannot be voiced (espeak-ng missing): audio-only endpoints will not play it", alert.id());
      return;
    }
    // the headline, then the text: what the console's preview lets the operator hear
    audio.voice(alert.level(), alert.title() + "。" + alert.text(), alert.createdBy())
        .onSuccess(item -> voiced.accept(alert.withMedia(reference(item), item.durationMs())))
        .onFailure(e -> LOG.error("Voicing alert {} failed: {}; audio-only endpoints will not play it", alert.id(), e.toString()));
  }

  List<String> unplayable(List<String> endpointIds) {
    return endpointIds.stream().filter(e -> caps.of(e) == EndpointCaps.Playable.NONE).toList();
  }

  /** Endpoints that cannot speak text and so play only the audio. */
  boolean needsMedia(String endpointId) {
    return caps.of(endpointId) == EndpointCaps.Playable.AUDIO_ONLY;
  }

  /** Whether sending the alert now is of use to the endpoint. */
  boolean canReceive(String endpointId, Alert alert) {
    EndpointCaps.Playable playable = caps.of(endpointId);
    return playable.speaksText() || (playable == EndpointCaps.Playable.AUDIO_ONLY && alert.media() != null);
  }
}

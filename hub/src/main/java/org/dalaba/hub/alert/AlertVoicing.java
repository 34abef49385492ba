package org.dalaba.hub.alert;

import org.dalaba.hub.access.Scope;
import org.dalaba.hub.access.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dalaba.hub.alert.audio.AlertAudio;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.directory.Village;
import org.dalaba.hub.protocol.Topics;
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
  private final Future<Void> httpListening;

  /** @param httpListening completes once the hub serves HTTP: only then is its public URL (and port) known */
  public AlertVoicing(AlertAudio audio, EndpointCaps caps, Supplier<String> publicUrl, Future<Void> httpListening) {
    this.audio = audio;
    this.caps = caps;
    this.publicUrl = publicUrl;
    this.httpListening = httpListening;
  }

  Future<MediaItem> recording(AlertLevel level, String sha256, User sender, Directory directory) {
    return audio.withRecording(level, sha256, sender, directory);
  }

  JsonObject reference(MediaItem item) {
    return item.reference(publicUrl.get());
  }

  /** Voices the alert's text on a worker and hands back the alert with its audio; never delays the alert. */
  void voiceLater(Alert alert, Directory directory, Consumer<Alert> voiced) {
    if (!audio.canVoice()) {
      LOG.warn("Alert {} cannot be voiced (espeak-ng missing): audio-only endpoints will not play it", alert.id());
      return;
    }
    audio.voice(alert.level(), spokenText(alert), alert.createdBy(), scopeOf(alert.targets(), directory))
        .compose(item -> httpListening.map(item)) // a hub voicing at start-up may not listen yet
        .onSuccess(item -> voiced.accept(alert.withMedia(reference(item), item.durationMs())))
        .onFailure(e -> LOG.error("Voicing alert {} failed: {}; audio-only endpoints will not play it", alert.id(), e.toString()));
  }

  /** What a drill's audio says first ("drill, drill: this is a drill"), so a speaker that only plays audio says it too. */
  public static final String DRILL_OPENING = "演练，演练。这是一次演练。";
  /** What a drill's audio says last ("the above was a drill"). */
  public static final String DRILL_CLOSING = "以上内容为演练。演练。";

  /**
   * What the hub voices for an alert: the headline, then the text (what the console's preview lets the operator hear);
   * a drill's starts and ends with 演练.
   */
  public static String spokenText(Alert alert) {
    String spoken = alert.title() + "。" + alert.text();
    return alert.exercise() ? DRILL_OPENING + spoken + "。" + DRILL_CLOSING : spoken;
  }

  /** The narrowest scope that holds every target: whoever may read the alert may list its audio, nobody else. */
  static Scope scopeOf(Targets targets, Directory directory) {
    if (targets.all()) {
      return Scope.COUNTY;
    }
    if (targets.townships().isEmpty() && targets.villages().size() == 1) {
      return Scope.village(targets.villages().get(0));
    }
    java.util.Set<String> townships = new java.util.HashSet<>(targets.townships());
    targets.villages().forEach(v -> townships.add(Scope.village(v).townshipId(directory)));
    return townships.size() == 1 && !townships.contains(null) ? Scope.township(townships.iterator().next()) : Scope.COUNTY;
  }

  List<String> unplayable(List<String> endpointIds) {
    return endpointIds.stream().filter(e -> caps.of(e) == EndpointCaps.Playable.NONE).toList();
  }

  /** Endpoints that cannot speak text and so play only the audio. */
  boolean needsMedia(String endpointId) {
    return caps.of(endpointId) == EndpointCaps.Playable.AUDIO_ONLY;
  }

  /**
   * Where the voiced alert goes: once to a group topic whose endpoints are all audio-only (10,000 of them
   * cost one publish), else to the own topic of each audio-only endpoint under it.
   */
  List<String> audioTopics(List<String> groupTopics, Directory directory) {
    List<String> out = new java.util.ArrayList<>();
    for (String topic : groupTopics) {
      List<String> endpoints = endpointsUnder(topic, directory);
      List<String> audioOnly = endpoints.stream().filter(this::needsMedia).toList();
      if (!audioOnly.isEmpty() && audioOnly.size() == endpoints.size()) {
        out.add(topic);
      } else {
        audioOnly.forEach(e -> out.add(Topics.endpoint(e)));
      }
    }
    return out;
  }

  private static List<String> endpointsUnder(String topic, Directory directory) {
    java.util.stream.Stream<Village> villages;
    if (topic.equals(Topics.CMD_ALL)) {
      villages = directory.villages().values().stream();
    } else if (topic.startsWith(Topics.township(""))) {
      villages = directory.township(topic.substring(Topics.township("").length())).stream().flatMap(t -> t.villages().stream());
    } else {
      villages = directory.village(topic.substring(Topics.village("").length())).stream();
    }
    return villages.flatMap(v -> v.endpoints().stream()).map(Endpoint::id).toList();
  }

  /** Whether sending the alert now is of use to the endpoint. */
  boolean canReceive(String endpointId, Alert alert) {
    EndpointCaps.Playable playable = caps.of(endpointId);
    return playable.speaksText() || (playable == EndpointCaps.Playable.AUDIO_ONLY && alert.media() != null);
  }
}

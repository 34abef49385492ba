package org.dalaba.hub.live;

import org.dalaba.hub.config.Limits;
import org.dalaba.hub.refusal.Refusal;

/** Audio a source sent that the hub refuses, with the status and the words the operator sees. */
public final class LiveAudioException extends Exception {
  public final int status;
  public final String chinese;
  public final String english;

  LiveAudioException(int status, String chinese, String english) {
    super(english);
    this.status = status;
    this.chinese = chinese;
    this.english = english;
  }

  static LiveAudioException notOpus(String why) {
    return new LiveAudioException(400, "音频不是有效的 Ogg Opus 单声道 48 kHz 流，已停止接收", "the audio is not a valid mono 48 kHz Ogg Opus stream (" + why + ")");
  }

  static LiveAudioException notWav(String why) {
    return new LiveAudioException(400, "音频不是 16 位 PCM 的 WAV（单声道或立体声，8/12/16/24/48 kHz），已停止接收",
        "the audio is not 16-bit PCM WAV, mono or stereo, at 8, 12, 16, 24 or 48 kHz (" + why + ")");
  }

  static LiveAudioException tooLarge() {
    return new LiveAudioException(413, "音频页过大（最多 " + Limits.LIVE_PAGE_BYTES + " 字节、1 秒），已停止接收",
        "an audio page is too large (at most " + Limits.LIVE_PAGE_BYTES + " bytes and 1 s of audio)");
  }

  static LiveAudioException bitrate(int max) {
    return new LiveAudioException(413, "音频码率过高（最多 " + max / 1000 + " kbit/s），已停止接收",
        "the audio's bitrate is too high (at most " + max / 1000 + " kbit/s)");
  }

  /** As the API's refusal (status and both languages). */
  public RuntimeException refusal() {
    return status == 413 ? Refusal.tooLarge("too_large", "audio", chinese, english) : Refusal.invalid("audio", chinese, english);
  }
}

package org.dalaba.hub.media;

/** The audio formats the media library accepts, with the Content-Type it serves them as. */
public enum AudioFormat {
  WAV("audio/wav"), MP3("audio/mpeg"), OPUS("audio/ogg"), VORBIS("audio/ogg");

  public final String contentType;

  AudioFormat(String contentType) {
    this.contentType = contentType;
  }

  public String wire() { return name().toLowerCase(); }
}

package org.dalaba.hub.media;

/** The bytes are not audio in a format the hub accepts (or are too damaged to read a duration from). */
public final class NotAudioException extends Exception {
  public NotAudioException(String message) {
    super(message, null, false, false);
  }
}

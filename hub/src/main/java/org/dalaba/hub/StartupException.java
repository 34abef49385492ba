package org.dalaba.hub;

/** Start-up could not complete; the message says which step and why, for a person to act on. */
public final class StartupException extends Exception {
  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}

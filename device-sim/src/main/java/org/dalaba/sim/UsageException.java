package org.dalaba.sim;

/** A problem with the command line or the files it names; the CLI prints the message and exits 2. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}

package org.dalaba.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands commands to the {@link Player} in the order they arrived, although some must fetch their media
 * first (docs/protocol.md, "Priority between alerts"): a command never starts before one that arrived
 * earlier, is at least as urgent and is still fetching; a more urgent command never waits for a less
 * urgent one. Without this, a yellow alert whose file happens to download first would start ahead of
 * the red one sent just before it, and then be interrupted by it. Runs on the endpoint's context.
 */
final class HandOff {

  /** One arrived command; {@link #ready} is set once it can play, {@link #drop} if it never will. */
  final class Turn {
    private final int urgency;
    private Command toPlay;
    private boolean resolved;

    private Turn(int urgency) {
      this.urgency = urgency;
    }

    void ready(Command playable) {
      toPlay = playable;
      resolved = true;
      release();
    }

    void drop() {
      resolved = true;
      release();
    }
  }

  private final Consumer<Command> player;
  private final List<Turn> waiting = new ArrayList<>();

  HandOff(Consumer<Command> player) {
    this.player = player;
  }

  /** Takes a place in line for a command just received. */
  Turn arrive(Command command) {
    Turn turn = new Turn(urgency(command));
    waiting.add(turn);
    return turn;
  }

  /** Every alert and live session is more urgent than every routine play; those by level, plays by priority. */
  static int urgency(Command command) {
    return command.urgency() >= 0 ? 1_000_000 + command.urgency() : command.priority();
  }

  private void release() {
    for (int i = 0; i < waiting.size(); ) {
      Turn turn = waiting.get(i);
      if (turn.resolved && !heldBack(i, turn.urgency)) {
        waiting.remove(i);
        if (turn.toPlay != null) {
          player.accept(turn.toPlay);
        }
      } else {
        i++;
      }
    }
  }

  private boolean heldBack(int index, int urgency) {
    for (int j = 0; j < index; j++) {
      Turn earlier = waiting.get(j);
      if (!earlier.resolved && earlier.urgency >= urgency) {
        return true;
      }
    }
    return false;
  }
}

package org.dalaba.hub.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the problems of one parse, keeping at most {@code max} and counting the rest. They are
 * reported in the order of their place in the input ("line 9" before "line 10",
 * "townships[2]" before "townships[10]"), whichever check found them.
 */
final class Problems {
  private final List<DirectoryProblem> list = new ArrayList<>();
  private final int max;
  private int dropped;

  Problems(int max) {
    this.max = max;
  }

  void add(DirectoryProblem problem) {
    if (list.size() < max) {
      list.add(problem);
    } else {
      dropped++;
    }
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  /** Stop here: everything found so far, plus {@code last} if given. */
  DirectoryException abort(DirectoryProblem last) {
    if (last != null) {
      if (list.size() >= max) {
        list.remove(list.size() - 1);
        dropped++;
      }
      list.add(last);
    }
    return exception();
  }

  void throwIfAny() {
    if (!list.isEmpty()) {
      throw exception();
    }
  }

  private DirectoryException exception() {
    List<DirectoryProblem> all = new ArrayList<>(list);
    all.sort(Comparator.comparing(DirectoryProblem::where, Problems::compareWhere));
    if (dropped > 0) {
      all.add(DirectoryProblem.tooManyProblems(list.size(), dropped));
    }
    return new DirectoryException(all);
  }

  /** Compares places naturally: runs of digits as numbers, the rest as text. */
  static int compareWhere(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (isDigit(x) && isDigit(y)) {
        int endA = i;
        while (endA < a.length() && isDigit(a.charAt(endA))) {
          endA++;
        }
        int endB = j;
        while (endB < b.length() && isDigit(b.charAt(endB))) {
          endB++;
        }
        String numA = a.substring(i, endA).replaceFirst("^0+(?=.)", "");
        String numB = b.substring(j, endB).replaceFirst("^0+(?=.)", "");
        int c = numA.length() != numB.length() ? Integer.compare(numA.length(), numB.length()) : numA.compareTo(numB);
        if (c != 0) {
          return c;
        }
        i = endA;
        j = endB;
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}

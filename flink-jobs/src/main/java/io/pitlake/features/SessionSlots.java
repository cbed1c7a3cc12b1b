package io.pitlake.features;

import java.util.Arrays;
import java.util.function.Consumer;
import javax.annotation.Nullable;

/**
 * The newest bar life of each session of one symbol, in an array indexed by session: NYSE session
 * indexes are dense, and a feature row reads its 22 sessions by index, so an array answers each
 * read without the boxing and comparisons of a sorted map (which took a tenth of the engine's CPU).
 */
final class SessionSlots {

  private BarLife[] slots = new BarLife[64];

  /** The session of {@code slots[0]}. */
  private int base;

  /** Sessions from {@link #base} to the highest one held, holes included; 0 when empty. */
  private int span;

  private int size;

  @Nullable
  BarLife get(int session) {
    int i = session - base;
    return span == 0 || i < 0 || i >= span ? null : slots[i];
  }

  void put(int session, BarLife life) {
    if (span == 0) {
      base = session;
    } else if (session < base) {
      int shift = base - session;
      BarLife[] grown = new BarLife[Math.max(slots.length, span + shift) * 2];
      System.arraycopy(slots, 0, grown, shift, span);
      slots = grown;
      span += shift;
      base = session;
    }
    int i = session - base;
    if (i >= slots.length) {
      slots = Arrays.copyOf(slots, Math.max(slots.length * 2, i + 1));
    }
    if (slots[i] == null) {
      size++;
    }
    slots[i] = life;
    span = Math.max(span, i + 1);
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** The highest session held; only when not {@link #isEmpty}. */
  int last() {
    return base + span - 1;
  }

  /** Drops every session below {@code session}; returns whether any was held. */
  boolean dropBelow(int session) {
    int drop = Math.min(Math.max(session - base, 0), span);
    if (drop == 0) {
      return false;
    }
    boolean any = false;
    for (int i = 0; i < drop; i++) {
      if (slots[i] != null) {
        size--;
        any = true;
      }
    }
    System.arraycopy(slots, drop, slots, 0, span - drop);
    Arrays.fill(slots, span - drop, span, null);
    span -= drop;
    base += drop;
    if (span == 0) {
      base = 0;
    }
    return any;
  }

  /** Calls {@code action} with every life held, in session order. */
  void forEach(Consumer<BarLife> action) {
    for (int i = 0; i < span; i++) {
      if (slots[i] != null) {
        action.accept(slots[i]);
      }
    }
  }
}

package org.lantern.core.exchange;

import java.util.List;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;

/**
 * A participant's own allow-list: values it knows to be benign (its stock images, its own
 * domains), whose later matches are suppressed for it only, and counted as suppressed. Reached
 * through {@link Exchange#allowLists()}; every call acts on the caller's own list and is audited.
 *
 * <p>Thread-safety: thread-safe ({@link AllowLists} serializes changes).
 */
public final class AllowListEditor {
  private final ExchangeDirectory dir;
  private final OperationAudit operations;
  private final SignalCanonicalizer canonicalizer;

  AllowListEditor(ExchangeDirectory dir, OperationAudit operations, SignalCanonicalizer canonicalizer) {
    this.dir = dir;
    this.operations = operations;
    this.canonicalizer = canonicalizer;
  }

  /**
   * Marks a value known-benign for the caller (adding or replacing it on the caller's allow-list):
   * its later matches are suppressed for the caller only.
   */
  public AllowEntry allow(Caller caller, SignalType type, String value, String note) {
    return operations.run(caller, null,
        () -> {
          FreeText.checkValue(type, value);
          String canonical = canonicalizer.canonical(type, value);
          String text = note == null ? "" : note.strip();
          if (text.length() > dir.config.maxNoteLength()) {
            throw new SignalRejectedException("note_too_long", "note", "the note is longer than " + dir.config.maxNoteLength() + " characters");
          }
          FreeText.checkNote("note", text);
          AllowEntry entry = new AllowEntry(type, canonical, text, dir.now());
          dir.allowLists.add(caller.participant(), entry);
          return entry;
        },
        entry -> AuditEvent.of(caller.participant(), "allowlist_add", List.of(type.label()), 1));
  }

  /** Takes a value off the caller's allow-list; false if it was not on it. */
  public boolean disallow(Caller caller, SignalType type, String value) {
    return operations.run(caller, null,
        () -> dir.allowLists.remove(caller.participant(), type, canonicalizer.canonical(type, value)),
        removed -> AuditEvent.of(caller.participant(), "allowlist_remove", List.of(type.label()), 1));
  }

  /** The caller's allow-list. */
  public List<AllowEntry> list(Caller caller) {
    return operations.run(caller, null, () -> dir.allowLists.list(caller.participant()),
        entries -> new AuditEvent(caller.participant(), "allowlist_list", List.of(), 1, entries.size(), List.of(), null));
  }
}

package org.lantern.core.participant;

/**
 * What every member may know of another: its id (what visibility lists name) and its display
 * name. Nothing about roles, keys or when it joined.
 *
 * <p>Thread-safety: immutable.
 */
public record ParticipantName(String id, String name) {}

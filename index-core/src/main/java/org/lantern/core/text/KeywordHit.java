package org.lantern.core.text;
// STUB until feat/keyword merges
public record KeywordHit(String id, String keyword, int start, int end) {}

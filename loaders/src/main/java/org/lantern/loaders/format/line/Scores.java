package org.lantern.loaders.format.line;

/**
 * How sure each line format is of an input, in one place so that the order is visible: the
 * highest score wins {@link org.lantern.loaders.format.Formats#detect}, and equal best scores are
 * an error, so two formats that can both claim an input must score differently.
 *
 * <ul>
 *   <li>Certain marks (95): a {@code simple.<type>.te} name, a header naming pytx's
 *       {@code signal_type} or {@code signal_str} column.
 *   <li>Distinctive lines (85-90): {@code hash=...,quality=} or {@code <64 hex>,<0..100>,...}
 *       (PDQ tool), JSON objects one per line in a {@code .jsonl}/{@code .ndjson} file.
 *   <li>Plain shapes (60-80): all-hex lines, {@code <pytx type> <value>} lines, JSON objects in a
 *       file of another name, {@code .jsonl} name alone, TE rows ({@code <hex>,<long id>,...})
 *       without the TE name.
 *   <li>Generic CSV (20-50): any delimited header; beaten by every specific format.
 * </ul>
 *
 * The line shapes are mutually exclusive (a hex line has no space and no comma; a pytx line has a
 * space; PDQ-tool and TE rows differ in their second field), and "mostly" means 80% of the
 * sampled lines, so two shape-based formats cannot both pass on one input. The comma-separated
 * shapes (PDQ tool, TE rows) must also hold on the first line, as those files have no header: a
 * CSV with a header row is left to the CSV formats even when its rows look like theirs.
 *
 * <p>Thread-safety: constants only.
 */
final class Scores {
  static final int TE_SIMPLE_NAME = 95;
  static final int PYTX_CSV_HEADER = 95;
  static final int PDQ_TOOL_DETAILS = 90;
  static final int JSONL_NAME_AND_LINES = 90;
  static final int PDQ_TOOL_PLAIN = 85;
  static final int HEX = 80;
  static final int PYTX_LOCAL = 78;
  static final int JSONL_NAME = 75;
  static final int JSONL_LINES = 70;
  static final int TE_SIMPLE_ROWS = 60;
  static final int CSV_NAME_AND_HEADER = 50;
  static final int CSV_NAME = 40;
  static final int CSV_HEADER = 20;

  private Scores() {}
}

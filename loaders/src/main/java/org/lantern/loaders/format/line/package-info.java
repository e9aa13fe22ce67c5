/**
 * The line-oriented input formats of {@code lantern load}: files where a record is a line (or,
 * in CSV, a row that quotes may spread over lines). Each format is one small class; the loop,
 * the line splitting and the CSV syntax are shared.
 *
 * <h2>Choosing a format</h2>
 *
 * <table>
 *   <caption>Line formats</caption>
 *   <tr><th>name</th><th>a record</th><th>type from</th><th>kept in the note</th><th>comments</th></tr>
 *   <tr><td>{@link org.lantern.loaders.format.line.HexListFormat hex}</td><td>{@code f8f8...}</td>
 *       <td>{@code --type}, else length (64 pdq, 40 sha1, 32 md5)</td><td>-</td><td>{@code #}</td></tr>
 *   <tr><td>{@link org.lantern.loaders.format.line.PytxLocalFormat pytx-local}</td><td>{@code pdq f8f8...}</td>
 *       <td>the line (pytx names)</td><td>-</td><td>{@code #}</td></tr>
 *   <tr><td>{@link org.lantern.loaders.format.line.PytxCsvFormat pytx-csv}</td>
 *       <td>{@code collab,signal_type,signal_str,category,tags}</td><td>the row (pytx names)</td>
 *       <td>collab, opinion, tags</td><td>before the header</td></tr>
 *   <tr><td>{@link org.lantern.loaders.format.line.TeSimpleFormat te-simple}</td>
 *       <td>{@code <hash>,<id>,<time>,<tags>}</td><td>{@code simple.<type>.te}, or {@code --type}</td>
 *       <td>te_id, added_on, tags</td><td>{@code #}</td></tr>
 *   <tr><td>{@link org.lantern.loaders.format.line.PdqToolFormat pdq-tool}</td>
 *       <td>{@code <hash>,<quality>,<file>}, {@code hash=..,quality=..,filename=..}</td><td>always pdq</td>
 *       <td>the file path</td><td>{@code #}</td></tr>
 *   <tr><td>{@link org.lantern.loaders.format.line.GenericCsvFormat csv}</td><td>a CSV/TSV row</td>
 *       <td>a mapped column, else {@code --type}</td><td>a mapped column</td><td>before the header</td></tr>
 *   <tr><td>{@link org.lantern.loaders.format.line.JsonLinesFormat jsonl}</td><td>an API-shaped JSON object</td>
 *       <td>the object</td><td>its {@code note}</td><td>none</td></tr>
 * </table>
 *
 * <h2>Shared rules</h2>
 *
 * <ul>
 *   <li>Every line that is not blank (nor a comment, where the format has them) yields exactly one
 *       record: submitted, withdrawn, rejected with a reason naming the field, or counted as a
 *       type Lantern does not hold. Nothing is dropped without a record.
 *   <li>Input is UTF-8; a byte-order mark at the start and the CR of CRLF are dropped. A line
 *       that is not UTF-8 or longer than 1 MiB is rejected, and reading goes on
 *       ({@link org.lantern.loaders.format.line.LineReader}).
 *   <li>Memory is bounded by the longest line (1 MiB) or quoted CSV record (1 MiB), never by the
 *       input: multi-gigabyte files stream.
 *   <li>A reader only turns text into submissions. The exchange validates and canonicalises
 *       values, types and categories; fields a file does not carry stay {@code null} and are
 *       filled from the command line.
 *   <li>Detection scores are listed, and kept apart, in {@link org.lantern.loaders.format.line.Scores}.
 * </ul>
 *
 * <h2>Speed</h2>
 *
 * Reading a list of 64-digit hex hashes costs about 0.1 µs per line on one core (about 9 million
 * lines per CPU-second, measured on the project's 2-core machine with {@code HexListFormat}
 * through {@link org.lantern.loaders.format.InputSource}); pytx-local, csv and pdq-tool are in the
 * same range, jsonl about 2.7 million lines per CPU-second.
 */
package org.lantern.loaders.format.line;

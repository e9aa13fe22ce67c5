/**
 * Hash-list documents from other exchanges, read as streams of {@link
 * org.lantern.loaders.format.SourceRecord}s: one record per hash, each with the line where its
 * entry starts and the entry's own text.
 *
 * <h2>Choosing</h2>
 *
 * <table>
 *   <caption>Document formats</caption>
 *   <tr><th>format</th><th>input</th><th>signals</th><th>retracted</th><th>unsupported</th><th>category</th></tr>
 *   <tr><td>{@code ncmec-xml} ({@link org.lantern.loaders.format.document.NcmecXmlFormat})</td>
 *       <td>NCMEC hash-sharing v2 {@code <queryResult>}</td>
 *       <td>md5, sha1, sha256, pdq fingerprints of {@code <image>}/{@code <video>}</td>
 *       <td>fingerprints of {@code <deletedImage>}/{@code <deletedVideo>} (an entry without any is rejected)</td>
 *       <td>{@code pdna} (as {@code photodna}), TMK, Videntifier, ...</td>
 *       <td>{@code csam} only when the classification says so in words</td></tr>
 *   <tr><td>{@code stopncii-json} ({@link org.lantern.loaders.format.document.StopNciiJsonFormat})</td>
 *       <td>FetchHashes pages: one, concatenated, or JSON Lines (of pages or records)</td>
 *       <td>ImagePDQ, VideoMD5 with status Active or Received</td>
 *       <td>status Withdrawn, Deleted, Inactive</td>
 *       <td>VideoTMK, Text, URL, ...</td>
 *       <td>{@code ncii}, always</td></tr>
 *   <tr><td>{@code tat-json} ({@link org.lantern.loaders.format.document.TatJsonFormat})</td>
 *       <td>the hash-list file (an array) or API pages ({@code results}), concatenated or JSON Lines</td>
 *       <td>MD5, SHA1, SHA256, PDQ</td>
 *       <td>{@code "deleted": true}</td>
 *       <td>any other algorithm</td>
 *       <td>none (the classification goes into the note)</td></tr>
 * </table>
 *
 * <h2>Common behaviour</h2>
 *
 * <ul>
 *   <li><b>Streaming.</b> StAX for XML and jackson-core's {@code JsonParser} for JSON; no document
 *       tree. One entry or record is held at a time, and its size is capped (XML text fields
 *       {@code NcmecEntry.MAX_TEXT}, JSON records {@code JsonDocuments.MAX_RECORD_CHARS}), so memory is bounded
 *       whatever the input's size or content.
 *   <li><b>Bad records</b> (missing or non-hex hash, wrong length, unknown status, a value of the
 *       wrong JSON type) are rejected with the field and what was expected, and reading goes on.
 *       A hash of a type Lantern does not hold is {@code Unsupported}, counted, not an error.
 *   <li><b>Bad input</b> (text that stops being well-formed, a truncated or corrupt gzip stream)
 *       ends the input with an {@code IOException} naming the input and the line, after every
 *       record before that point: {@code BufferedFirstInput}
 *       makes sure none is lost to read-ahead.
 *   <li><b>Text.</b> A byte-order mark, any line ends and (for XML) the declared encoding are
 *       handled by the parsers; values are compared case-insensitively where the sources differ
 *       in case, and hex is stored lower-case.
 *   <li><b>Fields from the command line.</b> Expiry, provenance and visibility are never set from
 *       these documents; neither are categories a document does not establish for certain.
 * </ul>
 *
 * <p>Sources of the layouts: python-threatexchange's NCMEC, StopNCII and Tech Against Terrorism
 * clients and their test data describe the documents these APIs return; the sample files under
 * {@code src/test/resources/formats/} were written from those descriptions.
 *
 * <p>Thread-safety: the formats are immutable; readers are used by one thread.
 */
package org.lantern.loaders.format.document;

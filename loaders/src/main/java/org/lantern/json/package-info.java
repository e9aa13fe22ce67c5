/**
 * The one reader and writer of Lantern's own JSON: request bodies of the HTTP API, the {@code
 * jsonl} load format and the bodies the remote sink sends are all read and written here.
 *
 * <ul>
 *   <li>{@link org.lantern.json.JsonObjects}: JSON text to plain values (maps, lists, strings,
 *       {@code BigInteger}/{@code BigDecimal}, booleans, {@code null}) with Jackson databind, under
 *       {@code StreamReadConstraints} (nesting depth, number and string length), duplicate keys
 *       refused; and typed, named access to their fields. Every object of our shapes is checked
 *       against the fields it may have: an unknown field is refused by name (DESIGN §7).
 *   <li>{@link org.lantern.json.SignalJsonCodec}: the signal shape ({@code type, value,
 *       categories, note, expires, derived_from, visibility}), read strictly (an HTTP submission)
 *       or as a listing (a stored signal as {@code GET} prints it, loadable again), and written
 *       for {@code POST /v1/signals}. Visibility that says nobody clearly ({@code null}, {@code []})
 *       is refused here, so no door widens it to everyone.
 *   <li>{@link org.lantern.json.JsonInputException}: what is wrong, with an error code and the
 *       field's path ({@code signals[3].visibility}); the server answers it as a 400, the loader
 *       rejects the line with it.
 * </ul>
 *
 * <p><b>Why here.</b> The package lives in the loaders jar, not in index-core: index-core knows no
 * file or wire formats, and both users of the codec — the loaders and the server, which depends on
 * the loaders — can reach it here. It uses only index-core's {@code SignalSubmission} and knows
 * nothing of HTTP or files: callers hand it bytes or text and get values or an exception.
 */
package org.lantern.json;

/**
 * Keyword signals in free text: {@link org.lantern.core.text.KeywordFolding#canonical} gives a
 * keyword's stored form, {@link org.lantern.core.text.KeywordScanner#scan} finds every keyword in a
 * message, whole words and phrases, with {@link org.lantern.core.text.KeywordHit} spans in the
 * original text. Keywords and text are folded by the same rules, so a keyword always matches the
 * text it was written as. This is the package allowed to use Lucene; keyword scanning does not
 * (see "Why no Lucene analyzer" below).
 *
 * <h2>Folding, per character</h2>
 *
 * <ul>
 *   <li>Unicode: NFKD (so full-width {@code ｓｅｘ}, mathematical {@code 𝐬𝐞𝐱}, ligatures {@code ﬁ}
 *       and roman numerals {@code Ⅻ} become ASCII letters), drop non-spacing and enclosing marks
 *       (diacritics: {@code séx} → {@code sex}), lower-case with {@code Locale.ROOT}, and map the
 *       letters NFKD does not split: {@code ß→ss æ→ae œ→oe ø→o ł→l đ→d ð→d þ→th ħ→h ŧ→t ı→i},
 *       repeated to a fixpoint. Format characters (zero-width space and joiners, soft hyphen) are
 *       invisible; a combining mark in the text is dropped but stays inside the hit's span.
 *   <li><b>No confusable mapping</b>: Cyrillic {@code е} and {@code ѕ} in {@code ѕех} stay Cyrillic,
 *       so a mixed-script disguise is not caught. A full mapping (UTS #39 skeletons) would also fold
 *       genuine Russian, Greek or Serbian words onto unrelated English ones; contributors can submit
 *       the disguised form as a keyword of its own. A later, cheap step could map look-alikes only
 *       inside words that mix Latin with another script.
 * </ul>
 *
 * <h2>Folding, per word</h2>
 *
 * <p>A <em>piece</em> (chunk) is a maximal run of letters, digits, {@code @ $}, and {@code ! |}
 * between them; <em>joiners</em> {@code . _ * - ~ ' ’ ‐ ·} between two pieces, with no space, join
 * them into a <em>group</em>; anything else (spaces, other punctuation) separates words.
 *
 * <ul>
 *   <li><b>Leetspeak</b>: {@code 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s}, and {@code !} or {@code |}
 *       between two word characters → {@code i} ({@code sh!t}; a trailing {@code !} is
 *       punctuation). <b>Digits policy</b>: digits are letters only in a word with at least one
 *       real letter ({@code p4ed0} → {@code paedo}, {@code 13yo} → {@code ieyo}); a word with no
 *       letter keeps its digits ({@code 2024} stays {@code 2024}, so it never matches a keyword like
 *       {@code zoza}; {@code $100} is {@code 100}). Other digits ({@code 2 6 8 9}) stay digits.
 *       {@code @} and {@code $} must touch a letter or digit: alone ({@code @}, {@code $.e.x}) they
 *       are punctuation. {@code 1} reads as {@code i} only, so {@code l0l1ta} is {@code loiita},
 *       not {@code lolita}.
 *   <li><b>Repeated letters</b> collapse to one, across joiners too ({@code seeexxx}, {@code
 *       se-ex} → {@code sex}); digits that stay digits do not ({@code 1000}). The trade-off, on
 *       both sides alike: {@code good} is {@code god}, and {@code ass} is {@code as}, so a keyword
 *       {@code ass} matches the word {@code as}. Keywords whose meaning rests on a double letter
 *       need care.
 *   <li><b>Joiners (the hyphen policy)</b>: every group is read <em>joined</em> and <em>split</em>:
 *       {@code well-known} reads as {@code wellknown}, and as {@code well} + {@code known}; any run
 *       of consecutive pieces of a group is a word, except that a word never begins or ends between
 *       two single-letter pieces, because {@code S-U-S-S-E-X} or {@code U.S.A.} is one spelled-out
 *       word, not a place to look for {@code sex}. The canonical form of a keyword is the joined
 *       reading, so the keyword {@code well known} matches {@code well-known} and {@code well
 *       known}, while the keyword {@code well-known} ({@code welknown}) matches {@code well-known},
 *       {@code well_known} and {@code wellknown}, not {@code well known}. {@code e.g.} is {@code
 *       eg}; {@code www.sex.com} contains {@code sex}.
 *   <li><b>Spaced letters</b>: three or more groups in a row that each fold to one letter are also
 *       one word, whatever separates them ({@code s e x}, {@code S. E. X.}, {@code 5 E X}); so is the
 *       run without its first or its last letter, since a one-letter word may stand beside it
 *       ({@code a s e x}). No other part of a run: {@code s u s s e x} does not hold {@code sex}.
 *       Limit: two spelled-out words in a row are one run, so {@code s e x t o y} matches the
 *       keyword {@code sextoy}, not {@code sex toy}. Two single letters stay two words ({@code plan
 *       b}).
 *   <li><b>Whole words</b>: a keyword word matches one reading of the text, never part of a
 *       piece: {@code sex} is not found in {@code Sussex}, {@code Essex}, {@code Middlesex} or
 *       {@code sexton} (the Scunthorpe problem), only in a hyphenated compound's split reading
 *       ({@code sex-toy}). A phrase of n words matches n consecutive readings; whatever lies
 *       between them (spaces, punctuation, line breaks) is ignored.
 *   <li>Scripts without spaces (Chinese, Japanese, Thai) are not segmented: a keyword there only
 *       matches a whole space-delimited run.
 * </ul>
 *
 * <p>A canonical keyword is its words in the primary (most joined) reading, separated by single
 * spaces: 1 to {@value org.lantern.core.text.KeywordFolding#MAX_WORDS} words, at most {@value
 * org.lantern.core.text.KeywordFolding#MAX_CHARS} chars; anything else is rejected with {@code
 * invalid_keyword}. {@code canonical} is idempotent.
 *
 * <h2>Cost</h2>
 *
 * <table>
 *   <caption>KeywordScanner.scan, one thread, 10 KB chat-like message (benchmarks/RESULTS.md,
 *   TextScanBenchmark, 2-core EPYC VM)</caption>
 *   <tr><th>keyword signals</th><th>p50</th><th>p99</th><th>p99.9</th><th>heap</th><th>add</th></tr>
 *   <tr><td>1,000</td><td>114 µs</td><td>186 µs</td><td>239 µs</td><td>small</td><td></td></tr>
 *   <tr><td>100,000</td><td>208 µs</td><td>428 µs</td><td>1.3 ms</td><td>~45 MB</td>
 *       <td>~4 µs per keyword</td></tr>
 * </table>
 *
 * <p>A scan is one pass to fold and cut the text, then about one dictionary lookup per word of
 * the text and one trie step per dictionary word found; nothing in it is proportional to the number
 * of keywords. Adding a keyword costs its words; removing it frees them (the tables keep their
 * capacity).
 *
 * <h2>Why no Lucene analyzer</h2>
 *
 * <p>The per-word rules (digits as letters only beside a letter, joined and split readings at once,
 * runs of spaced letters) do not fit a tokenizer-and-filters stream without custom filters that
 * buffer whole groups, and the offsets must survive NFKD expansions. Measured on this project's
 * VM (same 10 KB messages, one thread, in-process loop): Lucene 10.6's {@code StandardTokenizer} +
 * {@code ASCIIFoldingFilter} + {@code LowerCaseFilter}, reused, took ~86 µs per message while
 * doing less; {@link org.lantern.core.text.FoldedText}'s single pass with all the rules took ~60
 * µs.
 *
 * <p>Thread-safety: {@code KeywordFolding} is stateless, {@code KeywordHit} immutable, and {@code
 * KeywordScanner} safe for concurrent scans, adds and removes (see its class comment).
 */
package org.lantern.core.text;
